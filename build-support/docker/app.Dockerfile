# Every app's production image, built by Pants from the app's PEX (make images). Each app's
# `Dockerfile` is a link to this one; its BUILD (the `shop_deployable` macro) passes the
# build arguments that differ: which PEX, and the prefix and port of its settings.
#
# The base is a build argument: the default is the real one; machines without a registry pass
# a locally made Debian bookworm image (same CPython 3.11). Builder stages unpack the PEX into
# a venv twice, third-party dependencies and our own sources, so the final image has them as
# separate layers and a code change ships only the small sources layer.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS deps
ARG PEX
COPY ${PEX} /tmp/app.pex
RUN PEX_TOOLS=1 python3 /tmp/app.pex venv --scope=deps --compile /opt/app

FROM ${BASE_IMAGE} AS srcs
ARG PEX
COPY ${PEX} /tmp/app.pex
RUN PEX_TOOLS=1 python3 /tmp/app.pex venv --scope=srcs --compile /opt/app

FROM ${BASE_IMAGE}
# The app's settings prefix (PUBLIC_API for PUBLIC_API_PORT, ...) and the port it listens on.
ARG SETTINGS_PREFIX
ARG PORT
ARG BUILD_COMMIT=unknown
COPY --from=deps /opt/app /opt/app
COPY --from=srcs /opt/app /opt/app
# podman (buildah) keys its layer cache for ENV and EXPOSE by their text, not by the build
# arguments in them: a second app's image got the first one's settings. A RUN is keyed by its
# arguments, so this one keeps the layers after it apart per app, per port and per commit.
RUN printf '%s_PORT=%s\nBUILD_COMMIT=%s\n' "${SETTINGS_PREFIX}" "${PORT}" "${BUILD_COMMIT}" \
      > /opt/app/image-settings
ENV APP_ENV=production \
    BUILD_COMMIT=${BUILD_COMMIT} \
    ${SETTINGS_PREFIX}_HOST=0.0.0.0 \
    ${SETTINGS_PREFIX}_PORT=${PORT} \
    PORT_VARIABLE=${SETTINGS_PREFIX}_PORT \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# No shell, no package manager needed at run time; never root.
USER 10001:10001
EXPOSE ${PORT}
# The port the app really listens on: <PREFIX>_PORT may be set again when the container starts.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/opt/app/bin/python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[os.environ[\"PORT_VARIABLE\"]]}/livez', timeout=2)"]
ENTRYPOINT ["/opt/app/pex"]
