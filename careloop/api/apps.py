from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class ApiConfig(AppConfig):
    name = "careloop.api"
    label = "api"
    verbose_name = "REST API"


class StaticFilesConfig(BaseStaticFilesConfig):
    """collectstatic without what the API reference does not use: django-ninja also ships
    ReDoc and the swagger bundle's source map (6 MB that whitenoise would compress at every
    `careloop serve`). swagger-ui.css keeps its map: the CSS names it."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "ninja/redoc.standalone.js*",
        "ninja/swagger-ui-bundle.js.map",
    ]
