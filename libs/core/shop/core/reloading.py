"""Development reload: run an app again whenever its own code, or a lib it uses, changes.

Which directories those are is read from what the app imports (its composition root,
`shop.<app>.app`): a change to the admin API restarts the admin API only, a change to
libs/core every app. The app runs as a plain process and is stopped gracefully (SIGINT: in-
flight requests are answered) before it starts again. Its port is closed in between, so a
request meanwhile is refused at once; with a supervisor holding the socket (uvicorn's own
reload) it would wait, and wait forever if the new code failed to import.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import watchfiles

from shop.core.logging import get_logger

_log = get_logger(__name__)


def source_roots(package: str) -> list[Path]:
    """The source roots (apps/<app>, libs/<lib>) of every `shop.*` module the app imports,
    read from a fresh interpreter (this one may have imported more)."""
    found = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", _LIST_ROOTS, f"{package}.app"],
        env=_with_this_import_path(),
        capture_output=True,
        text=True,
        check=True,
    )
    return [Path(line) for line in found.stdout.splitlines()]


def _with_this_import_path() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}


# Run in the fresh interpreter: import the composition root, print each loaded `shop.*` module's
# source root (.../libs/core for shop.core.x, whose file is .../libs/core/shop/core/x.py).
_LIST_ROOTS = """
import importlib, pathlib, sys
importlib.import_module(sys.argv[1])
roots = set()
for name, module in list(sys.modules.items()):
    file = getattr(module, "__file__", None)
    if (name == "shop" or name.startswith("shop.")) and file:
        path = pathlib.Path(file).resolve()
        roots.add(path.parents[name.count(".") + (path.name == "__init__.py")])
print("\\n".join(sorted(map(str, roots))))
"""


def rerun_on_change(package: str, reload_variable: str) -> None:
    """Run `python -m <package>` until Ctrl-C, again after each change to its sources."""
    roots = source_roots(package)
    os.environ.update(_with_this_import_path())  # the child finds the code this process does
    os.environ[reload_variable] = "false"  # the child serves; it does not watch again

    def restarting(changes: set[tuple[watchfiles.Change, str]]) -> None:
        changed = sorted({Path(path).name for _, path in changes})
        _log.info("code changed, restarting", app=package, files=changed)

    _log.info("watching for changes", app=package, roots=[str(root) for root in roots])
    watchfiles.run_process(
        *roots,
        target=f"{sys.executable} -m {package}",
        target_type="command",
        watch_filter=watchfiles.PythonFilter(),
        callback=restarting,
        debounce=400,
    )
