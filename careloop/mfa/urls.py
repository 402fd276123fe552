from django.urls import path

from careloop.mfa import views

urlpatterns = [
    path("login/code/", views.verify, name="mfa_verify"),
    path("two-factor/", views.overview, name="mfa_overview"),
    path("two-factor/setup/", views.enrol, name="mfa_enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="mfa_recovery_codes"),
    path("two-factor/remove/", views.remove, name="mfa_remove"),
    path("practice/two-factor/", views.practice_policy, name="mfa_practice_policy"),
]
