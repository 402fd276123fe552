from django.urls import path

from careloop.letters import views

urlpatterns = [
    path(
        "episodes/<int:episode_id>/letters/new/",
        views.letter_draft_for_episode,
        name="letter_draft_for_episode",
    ),
    path(
        "clients/<int:client_id>/letters/new/",
        views.letter_draft_for_client,
        name="letter_draft_for_client",
    ),
    path("letters/<int:letter_id>/", views.letter_detail, name="letter_detail"),
    path(
        "letters/<int:letter_id>/edit/", views.letter_section_update, name="letter_section_update"
    ),
    path("letters/<int:letter_id>/finalise/", views.letter_finalise, name="letter_finalise"),
    path("letters/<int:letter_id>/correct/", views.letter_correct, name="letter_correct"),
    path("letters/<int:letter_id>/send/", views.letter_send, name="letter_send"),
    path(
        "letters/<int:letter_id>/letter.pdf",
        views.letter_download,
        {"fmt": "pdf"},
        name="letter_pdf",
    ),
    path(
        "letters/<int:letter_id>/letter.docx",
        views.letter_download,
        {"fmt": "docx"},
        name="letter_docx",
    ),
    path(
        "letters/<int:letter_id>/letter.txt",
        views.letter_download,
        {"fmt": "txt"},
        name="letter_txt",
    ),
    path(
        "episodes/<int:episode_id>/communications/",
        views.communications_for_episode,
        name="communications_for_episode",
    ),
    path(
        "clients/<int:client_id>/communications/",
        views.communications_for_client,
        name="communications_for_client",
    ),
]
