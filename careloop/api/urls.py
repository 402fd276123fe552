from django.urls import path

from careloop.api import views

urlpatterns = [
    path("practice/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "practice/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
