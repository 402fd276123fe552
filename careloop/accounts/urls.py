from django.contrib.auth.views import LogoutView
from django.urls import path

from careloop.accounts import password_views, signup_views, views

urlpatterns = [
    path("login/", views.EmailLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path(
        "password/reset/", password_views.PasswordResetRequestView.as_view(), name="password_reset"
    ),
    path(
        "password/reset/sent/",
        password_views.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password_views.PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/change/", password_views.PasswordChangeView.as_view(), name="password_change"),
    path("practice/", views.practice_settings, name="practice_settings"),
    path("practice/switch/", views.practice_switch, name="practice_switch"),
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
    path("signup/", signup_views.signup, name="signup"),
    path("signup/<str:token>/", signup_views.signup_verify, name="signup_verify"),
]
