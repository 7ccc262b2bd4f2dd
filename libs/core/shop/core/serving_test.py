import pytest
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.core.serving import ServerSettings
from shop.core.settings import InvalidSettingsError


class ShopServerSettings(ServerSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_")

    port: int = Field(default=8000)
    metrics_port: int = Field(default=9100)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"SHOP_WORKERS": "4"},
            "SHOP_WORKERS=4 cannot share one metrics port: run one process per container and "
            "scale with replicas, or set SHOP_METRICS_PORT=0",
        ),
        ({"SHOP_METRICS_PORT": "8000"}, "SHOP_METRICS_PORT must differ from SHOP_PORT"),
    ],
)
def test_a_metrics_port_is_one_process_s_and_not_the_clients(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(InvalidSettingsError) as error:
        ShopServerSettings.load()

    assert str(error.value).splitlines()[1:] == [f"  {message}"]


def test_several_workers_are_fine_without_a_metrics_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_WORKERS", "4")
    monkeypatch.setenv("SHOP_METRICS_PORT", "0")

    assert ShopServerSettings.load().workers == 4
