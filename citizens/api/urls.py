"""Citizen routes: `city_urls` on a municipality's host, `state_urls` on the state's."""

from django.urls import path

from citizens.api import admin_views as av
from citizens.api import intimation_views as iv
from citizens.api import petition_views as pv
from citizens.api import signing_views as sv
from citizens.api import views as v

city_urls = [
    path(
        "processes/<uuid:uuid>/intimations/",
        iv.ProcessIntimations.as_view(),
        name="process-intimations",
    ),
    path(
        "processes/<uuid:uuid>/intimation-recipients/",
        iv.ProcessIntimationRecipients.as_view(),
        name="process-intimation-recipients",
    ),
    path(
        "processes/<uuid:uuid>/petitions/",
        iv.ProcessPetitions.as_view(),
        name="process-petitions",
    ),
    path(
        "processes/<uuid:uuid>/access-grants/",
        iv.ProcessAccessGrants.as_view(),
        name="process-access-grants",
    ),
    path(
        "processes/<uuid:uuid>/access-grants/<uuid:grant_id>/",
        iv.ProcessAccessGrant.as_view(),
        name="process-access-grant",
    ),
    path("intimations/pending/", iv.UnitPendingIntimations.as_view(), name="intimations-pending"),
    path("citizen/intimations/", iv.CitizenIntimations.as_view(), name="citizen-intimations"),
    path(
        "citizen/intimations/<uuid:uuid>/consult/",
        iv.CitizenConsult.as_view(),
        name="citizen-intimation-consult",
    ),
    path(
        "citizen/intimations/<uuid:uuid>/respond/",
        iv.CitizenRespond.as_view(),
        name="citizen-intimation-respond",
    ),
    path("citizen/notices/", iv.CitizenNotices.as_view(), name="citizen-notices"),
    path("citizen/intercurrent/", iv.CitizenIntercurrent.as_view(), name="citizen-intercurrent"),
    path("citizen/adhesion/", iv.CitizenAdhesion.as_view(), name="citizen-adhesion"),
    path(
        "citizen/representations/",
        iv.CitizenRepresentations.as_view(),
        name="citizen-representations",
    ),
    path(
        "citizen/representations/<uuid:uuid>/revoke/",
        iv.CitizenRepresentationEnd.as_view(as_grantee=False),
        name="citizen-representation-revoke",
    ),
    path(
        "citizen/representations/<uuid:uuid>/renounce/",
        iv.CitizenRepresentationEnd.as_view(as_grantee=True),
        name="citizen-representation-renounce",
    ),
    path(
        "citizen/representation-documents/<uuid:uuid>/content/",
        iv.CitizenRepresentationActFile.as_view(),
        name="citizen-representation-document",
    ),
    path("citizen/companies/", iv.CitizenCompanies.as_view(), name="citizen-companies"),
    path("citizen/companies/link/", iv.CitizenCompanyLink.as_view(), name="citizen-company-link"),
    path(
        "citizen/company-link-requests/",
        iv.CitizenLinkRequests.as_view(),
        name="citizen-company-link-requests",
    ),
    path("company-link-requests/", iv.StaffLinkRequests.as_view(), name="company-link-requests"),
    path(
        "company-link-requests/<uuid:uuid>/approve/",
        iv.StaffLinkReview.as_view(approve=True),
        name="company-link-request-approve",
    ),
    path(
        "company-link-requests/<uuid:uuid>/refuse/",
        iv.StaffLinkReview.as_view(approve=False),
        name="company-link-request-refuse",
    ),
    path("petition-types/", pv.StaffPetitionTypes.as_view(), name="petition-types"),
    path("petition-types/<uuid:uuid>/", pv.StaffPetitionType.as_view(), name="petition-type"),
    path("citizen-policy/", pv.CitizenPolicyView.as_view(), name="citizen-policy"),
    path("calendar/holidays/", pv.Holidays.as_view(), name="calendar-holidays"),
    path("calendar/outages/", pv.Outages.as_view(), name="calendar-outages"),
    path("calendar/holidays/<uuid:uuid>/", av.HolidayDetail.as_view(), name="calendar-holiday"),
    path("calendar/outages/<uuid:uuid>/", av.OutageDetail.as_view(), name="calendar-outage"),
    path("calendar/state-holidays/", av.StateHolidays.as_view(), name="calendar-state-holidays"),
    path(
        "citizen/petition-types/", pv.CitizenPetitionTypes.as_view(), name="citizen-petition-types"
    ),
    path("citizen/uploads/", pv.CitizenUpload.as_view(), name="citizen-uploads"),
    path("citizen/petitions/", pv.CitizenPetitions.as_view(), name="citizen-petitions"),
    path("citizen/receipts/", pv.CitizenReceipts.as_view(), name="citizen-receipts"),
    path("citizen/receipts/<uuid:uuid>/", pv.CitizenReceipt.as_view(), name="citizen-receipt"),
    path(
        "citizen/receipts/<uuid:uuid>/pdf/",
        pv.CitizenReceiptPdf.as_view(),
        name="citizen-receipt-pdf",
    ),
    path("citizen/me/", v.CitizenMe.as_view(), name="citizen-me"),
    path(
        "citizen/signatures/complete/",
        sv.CitizenSigningComplete.as_view(),
        name="citizen-signing-complete",
    ),
    path(
        "citizen/signatures/<uuid:uuid>/restart/",
        sv.CitizenSigningRestart.as_view(),
        name="citizen-signing-restart",
    ),
    path(
        "citizen/filing-options/", sv.CitizenFilingOptions.as_view(), name="citizen-filing-options"
    ),
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
