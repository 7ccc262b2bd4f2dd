"""Every environment variable the apps read, documented from their settings classes: written to
`.env.example` and to the table in README.md; `check` fails when either differs from the code.

A fragment's field is a variable (`<PREFIX><FIELD>`, or its aliases); its docstring is the
description, its default the value shown. A field without a docstring fails `write` and
`check`: a variable nobody can look up is a variable nobody sets right.

Usage (dev venv, source roots on the path): settings_reference.py write|check
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import get_type_hints

from pydantic import AliasChoices, SecretStr
from pydantic_settings import BaseSettings

from shop.admin_api.settings import AdminApiSettings
from shop.core.settings import AppSettings, Environment
from shop.notifications.settings import NotificationsAppSettings
from shop.public_api.settings import PublicApiSettings
from shop.worker.settings import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]
APPS: dict[str, type[AppSettings]] = {
    "public API": PublicApiSettings,
    "admin API": AdminApiSettings,
    "worker": WorkerSettings,
    "notifications": NotificationsAppSettings,
}
BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"


@dataclasses.dataclass
class Variable:
    names: list[str]
    default: str
    description: str
    apps: list[str] = dataclasses.field(default_factory=list)


# Read outside the settings classes: before them (which defaults apply), by the image build, or
# by the OpenTelemetry SDK itself once OTEL_TRACES_EXPORTER turned tracing on.
PROCESS_VARIABLES = [
    Variable(
        ["APP_ENV"],
        Environment.PRODUCTION.value,
        "development, test or production. Development alone gets default secrets and the local"
        " database; anywhere else a missing secret stops the app at start-up.",
        list(APPS),
    ),
    Variable(
        ["BUILD_COMMIT"],
        "",
        "The commit the build came from, stamped into images (`build_info`, spans); a checkout"
        " reads it from git.",
        list(APPS),
    ),
    Variable(
        ["OTEL_EXPORTER_OTLP_ENDPOINT"],
        "http://localhost:4318",
        "Where the OTLP exporter sends spans (OpenTelemetry Collector, Jaeger, Tempo...); the"
        " SDK also reads OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, _HEADERS and the other standard"
        " OTEL_EXPORTER_OTLP_* variables.",
        list(APPS),
    ),
    Variable(
        ["OTEL_TRACES_SAMPLER"],
        "parentbased_always_on",
        "Which traces are kept (with OTEL_TRACES_SAMPLER_ARG), e.g. parentbased_traceidratio"
        " and 0.1 for a tenth of them; read by the SDK.",
        list(APPS),
    ),
]


def variables() -> list[Variable]:
    found: dict[tuple[str, ...], Variable] = {}
    for app, settings in APPS.items():
        for fragment in get_type_hints(settings).values():
            for variable in _fragment_variables(fragment):
                key = tuple(variable.names)
                found.setdefault(key, variable).apps.append(app)
    return PROCESS_VARIABLES + list(found.values())


def _fragment_variables(fragment: type[BaseSettings]) -> list[Variable]:
    prefix = str(fragment.model_config.get("env_prefix", ""))
    result = []
    for name, field in fragment.model_fields.items():
        if not field.description:
            raise SystemExit(f"{fragment.__name__}.{name} has no docstring to describe it")
        alias = field.validation_alias
        names = (
            [c for c in alias.choices if isinstance(c, str) and c.isupper()]
            if isinstance(alias, AliasChoices)
            else [f"{prefix}{name}".upper()]
        )
        description = " ".join(field.description.split())
        default = (
            "" if field.is_required() else _shown(field.get_default(call_default_factory=True))
        )
        result.append(Variable(names, default, description))
    return result


def _shown(default: object) -> str:
    if default is None:
        return ""
    if isinstance(default, SecretStr):
        return ""
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, list):
        return ",".join(str(item) for item in default) if default else ""
    return str(getattr(default, "value", default))


def env_example() -> str:
    lines = [
        "# Every variable the apps read, with its default. Generated from the settings classes",
        "# by `make settings-reference`; `make check` fails when it is stale. Copy what you",
        "# change (to .env for compose, or to your platform's settings) and leave the rest out:",
        "# an unset variable takes the default shown. Empty: no default (required outside",
        "# development where the description says so).",
    ]
    for variable in variables():
        lines += ["", *_wrapped(f"{variable.description} ({', '.join(variable.apps)})")]
        lines += [f"# {name}={variable.default}" for name in variable.names[:1]]
        lines += [f"#   also read as {name}" for name in variable.names[1:]]
    return "\n".join(lines) + "\n"


def _wrapped(text: str, width: int = 98) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width - 2:
            lines.append(f"# {line}")
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, f"# {line}"]


def readme_table() -> str:
    rows = [
        "| variable | default | read by | what it does |",
        "|---|---|---|---|",
    ]
    for variable in variables():
        names = " or ".join(f"`{name}`" for name in variable.names)
        default = f"`{variable.default}`" if variable.default else ""
        description = variable.description.replace("|", "\\|")
        rows.append(f"| {names} | {default} | {', '.join(variable.apps)} | {description} |")
    return "\n".join(rows)


def _readme(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{readme_table()}\n{END}{tail}"


def main(mode: str) -> int:
    readme = ROOT / "README.md"
    wanted = {ROOT / ".env.example": env_example(), readme: _readme(readme.read_text())}
    stale = [path for path, text in wanted.items() if not path.exists() or path.read_text() != text]
    if mode == "write":
        for path in stale:
            path.write_text(wanted[path])
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    for path in stale:
        print(f"{path.relative_to(ROOT)} is stale: run `make settings-reference`", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    if sys.argv[1:] not in (["write"], ["check"]):
        raise SystemExit("usage: settings_reference.py write|check")
    sys.exit(main(sys.argv[1]))
