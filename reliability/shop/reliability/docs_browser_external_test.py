"""Both packaged APIs' docs pages open in a real browser, offline.

Headless Chromium (Debian's package) loads each `/docs` with every name but 127.0.0.1 made
unresolvable, runs its scripts, and prints the DOM: the operations must be rendered (their ids,
`placeOrder`, `adjustStock`, are on the page), and Chromium's own network log must show no
request from the page to any host but the app. A page that needed a CDN would render blank.
"""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp
from shop.testing.served import ADMIN_API, PUBLIC_API, App, serve

pytestmark = pytest.mark.external

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--virtual-time-budget=20000",
]  # fmt: skip
EXPECTED = {PUBLIC_API: ["placeOrder", "listProducts"], ADMIN_API: ["adjustStock", "exportOrders"]}


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("this test needs Chromium: `apt-get install chromium` (Debian/Ubuntu)")
    return binary


@pytest.fixture(scope="module")
def apps(process_database: TestDatabase) -> Iterator[dict[App, ServedApp]]:
    with (
        serve(PUBLIC_API, process_database.url) as public,
        serve(ADMIN_API, process_database.url) as admin,
    ):
        yield {PUBLIC_API: public, ADMIN_API: admin}


@pytest.mark.parametrize("app", [PUBLIC_API, ADMIN_API], ids=["public API", "admin API"])
def test_the_docs_page_renders_the_operations_without_the_internet(
    chromium: str, apps: dict[App, ServedApp], app: App
) -> None:
    page = f"{apps[app].base_url}/docs"
    with tempfile.TemporaryDirectory() as scratch:
        net_log = Path(scratch) / "net.json"
        done = subprocess.run(  # noqa: S603 - the test's own browser and arguments
            [chromium, *FLAGS, f"--user-data-dir={scratch}/profile",
             f"--log-net-log={net_log}", "--dump-dom", page],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        requested = _requests_of_the_page(json.loads(net_log.read_text()), page)

    hosts = {urlsplit(url).hostname for url in requested}
    print(f"\n{page}: {len(done.stdout)} bytes of DOM, the page requested {sorted(requested)}")
    assert done.returncode == 0, done.stderr[-2000:]
    for operation_id in EXPECTED[app]:
        assert operation_id in done.stdout
    assert any(url.endswith("openapi.json") for url in requested)
    assert hosts == {"127.0.0.1"}


def _requests_of_the_page(net_log: dict[str, object], page: str) -> set[str]:
    """URLs the page itself asked for (Chromium's own background requests are not the page's:
    they carry no initiator from it)."""
    constants: dict[str, dict[str, int]] = net_log["constants"]  # type: ignore[assignment]
    start_job = constants["logEventTypes"]["URL_REQUEST_START_JOB"]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page))
    urls = set()
    for event in net_log["events"]:  # type: ignore[attr-defined]
        params = event.get("params", {})
        ours = "url" in params and (
            params.get("initiator") == origin or params["url"].startswith(page)
        )
        if event["type"] == start_job and ours:
            urls.add(params["url"])
    return urls
