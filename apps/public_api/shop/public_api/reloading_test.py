from shop.core.reloading import source_roots


def test_the_public_api_reloads_for_its_own_code_and_the_libs_it_uses_only() -> None:
    roots = {"/".join(root.parts[-2:]) for root in source_roots("shop.public_api")}

    assert {"apps/public_api", "libs/core", "libs/entities", "libs/connectors"} <= roots
    assert not roots & {"apps/admin_api", "apps/worker", "libs/testing"}
