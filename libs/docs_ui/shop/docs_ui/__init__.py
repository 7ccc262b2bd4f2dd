"""An API's docs page, Swagger UI, served from assets inside this lib: it renders offline."""

from shop.docs_ui.pages import DocsUI

__all__ = ["DocsUI"]
