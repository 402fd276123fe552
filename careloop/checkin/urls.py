from django.urls import path

from careloop.checkin import views

urlpatterns = [
    # The client's page: the token is the only key, so it sits outside the practice pages.
    path("c/<str:token>/", views.checkin_page, name="checkin_page"),
    path(
        "clients/<int:client_id>/checkin-links/new/",
        views.checkin_link_new,
        name="checkin_link_new",
    ),
    path(
        "checkin-links/<int:link_id>/revoke/", views.checkin_link_revoke, name="checkin_link_revoke"
    ),
    path("checkin-links/<int:link_id>/called/", views.checkin_call_done, name="checkin_call_done"),
    path("practice/check-ins/", views.checkin_settings, name="checkin_settings"),
]
