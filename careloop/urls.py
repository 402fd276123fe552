from django.urls import include, path

from careloop.api.api import api
from careloop.core import views as core_views
from careloop.episodes.dashboard_views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("careloop.accounts.urls")),
    path("", include("careloop.clients.urls")),
    path("", include("careloop.training.urls")),
    path("", include("careloop.episodes.urls")),
    path("", include("careloop.letters.urls")),
    path("network/", include("careloop.network.urls")),
    path("cases/", include("careloop.cases.urls")),
    path("", include("careloop.checkin.urls")),
    path("", include("careloop.mfa.urls")),
    path("", include("careloop.outbox.urls")),
    path("", include("careloop.api.urls")),
    path("api/v1/", api.urls),
]

handler403 = "careloop.core.views.permission_denied"
handler404 = "careloop.core.views.page_not_found"
handler500 = "careloop.core.views.server_error"
