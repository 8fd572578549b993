"""Citizen routes: `city_urls` on a municipality's host, `state_urls` on the state's."""

from django.urls import path

from citizens.api import views as v

city_urls = [
    path("citizen/me/", v.CitizenMe.as_view(), name="citizen-me"),
    path("citizen/processes/", v.MyProcesses.as_view(), name="citizen-processes"),
    path("citizen/processes/<uuid:uuid>/", v.MyProcessDetail.as_view(), name="citizen-process"),
    path(
        "citizen/documents/<uuid:uuid>/content/",
        v.MyDocumentContent.as_view(),
        name="citizen-document-content",
    ),
]

state_urls = [
    path("citizen/municipalities/", v.AllMunicipalities.as_view(), name="citizen-municipalities"),
]
