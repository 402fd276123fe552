from django.contrib.auth.views import LogoutView
from django.urls import path

from careloop.accounts import views

urlpatterns = [
    path("login/", views.EmailLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("practice/", views.practice_settings, name="practice_settings"),
    path("practice/members/", views.members, name="members"),
    path(
        "practice/members/<int:membership_id>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "practice/members/<int:membership_id>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
