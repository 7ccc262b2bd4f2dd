# Build-file macros shared by every BUILD file (loaded through `build_file_prelude_globs`).
#
# One BUILD file per lib or app: its code is everything under `shop/`.
#
# Tests sit beside the code in three kinds. The kind is in the file name, so one glance at a
# folder tells which tests need a database or a running server, and each kind becomes a Pants
# tag that can be selected alone (`pants --tag=integrated test ::`):
#   *_test.py              unit        no marker; no network, no database
#   *_integrated_test.py   integrated  @pytest.mark.integrated; a real PostgreSQL
#   *_external_test.py     external    @pytest.mark.external; the app as a real server process
#   *_reliability_test.py  reliability @pytest.mark.reliability; storms, restarts and kills
#                                      against the packaged apps (`make reliability`, nightly)

_UNIT = "**/*_test.py"
_INTEGRATED = "**/*_integrated_test.py"
_EXTERNAL = "**/*_external_test.py"
_RELIABILITY = "**/*_reliability_test.py"
_PYTHON_SOURCES = ("shop/**/*.py", "!**/*_test.py", "!**/conftest.py")


def shop_sources(name="src", **kwargs):
    """The code of one lib or app: everything under `shop/` that is not a test or a conftest."""
    python_sources(name=name, sources=list(_PYTHON_SOURCES), **kwargs)
    python_test_utils(name="test-utils", sources=["shop/**/conftest.py"])


def shop_tests(name="tests", integrated=None, external=None, reliability=None, **kwargs):
    """Declare the unit, integrated, external and reliability tests below this BUILD file.

    `integrated`, `external` and `reliability` take extra keyword arguments for those targets
    only (for example `dependencies` on a packaged app that an external test starts).
    """
    unit_sources = [_UNIT, "!" + _INTEGRATED, "!" + _EXTERNAL, "!" + _RELIABILITY]
    python_tests(name=name, sources=unit_sources, tags=["unit"], **kwargs)
    python_tests(
        name=name + "-integrated",
        sources=[_INTEGRATED],
        tags=["integrated"],
        **_merged(kwargs, integrated),
    )
    python_tests(
        name=name + "-external",
        sources=[_EXTERNAL],
        tags=["external"],
        **_merged(kwargs, external),
    )
    python_tests(
        name=name + "-reliability",
        sources=[_RELIABILITY],
        tags=["reliability"],
        **_merged(kwargs, reliability),
    )


def _merged(base, extra):
    merged = dict(base)
    for key, value in (extra or {}).items():
        if key == "dependencies":
            merged[key] = list(merged.get(key, [])) + list(value)
        else:
            merged[key] = value
    return merged


def shop_distribution(name, version):
    """A lib's wheel and sdist (`:dist`) under its package name, at its version.

    Every change to the lib's code raises `version` and says why in the lib's CHANGELOG.md
    (`make check` verifies both against the base branch).
    """
    python_distribution(
        name="dist",
        dependencies=[":src"],
        provides=python_artifact(name=name, version=version),
        generate_setup=True,
    )


def shop_deployable(entry_point, repository, settings_prefix=None, port=None):
    """A deployable's PEX (`:bin`) and its image (`:image`, built from ./Dockerfile).

    Packed layout plus PEX tools: the Dockerfile installs third-party dependencies and our own
    sources as separate layers (`pex3 venv --scope`), so a code change rebuilds only the small
    sources layer. A server app's Dockerfile is a link to the one every app shares
    (build-support/docker/app.Dockerfile); `settings_prefix` and `port` fill it in.
    """
    pex_binary(
        name="bin",
        entry_point=entry_point,
        layout="packed",
        execution_mode="venv",
        include_tools=True,
    )
    build_args = []
    if settings_prefix:
        pex = str(build_file_dir()).replace("/", ".") + "/bin.pex"
        build_args = [f"PEX={pex}", f"SETTINGS_PREFIX={settings_prefix}", f"PORT={port}"]
        # The commit the image is built from, from the environment (build-support/images sets
        # it): the app reports it in `build_info` and its spans.
        build_args.append("BUILD_COMMIT")
    docker_image(
        name="image",
        repository=repository,
        image_tags=["latest", "{pants.hash}"],
        dependencies=[":bin"],
        extra_build_args=build_args,
    )
