from django.urls import path

from tramita.api import views as v

envelope = "envelopes/<uuid:envelope>/"

# On a municipality's host (mounted under /api/v1/).
city_urls = [
    path("tramita/repositories/", v.Repositories.as_view(), name="tramita-repositories"),
    path("tramita/structures/", v.Structures.as_view(), name="tramita-structures"),
    path("tramita/envelopes/", v.CityEnvelopes.as_view(), name="tramita-city-envelopes"),
    path(f"tramita/{envelope}", v.CityEnvelopeDetail.as_view(), name="tramita-city-envelope"),
    path(
        f"tramita/{envelope}repeat/",
        v.CityEnvelopeRepeat.as_view(),
        name="tramita-city-envelope-repeat",
    ),
    path("tramita/urgency-reasons/", v.UrgencyReasons.as_view(), name="tramita-urgency-reasons"),
    path(
        "processes/<uuid:uuid>/external/",
        v.ProcessExternal.as_view(),
        name="process-external",
    ),
    path(
        "documents/<uuid:uuid>/external/",
        v.DocumentExternal.as_view(),
        name="document-external",
    ),
]

# On the state host (mounted under /api/v1/tramita/).
state_urls = [
    path("envelopes/", v.AllEnvelopes.as_view(), name="tramita-envelopes"),
    path(envelope, v.EnvelopeDetail.as_view(), name="tramita-envelope"),
    path(f"{envelope}retry/", v.EnvelopeRetry.as_view(), name="tramita-envelope-retry"),
    path(f"{envelope}cancel/", v.EnvelopeCancel.as_view(), name="tramita-envelope-cancel"),
    path(f"{envelope}repeat/", v.EnvelopeRepeat.as_view(), name="tramita-envelope-repeat"),
    path("mappings/", v.Mappings.as_view(), name="tramita-mappings"),
    path("repositories/", v.CoordinatorRepositories.as_view(), name="tramita-state-repositories"),
    path("structures/", v.CoordinatorStructures.as_view(), name="tramita-state-structures"),
]
