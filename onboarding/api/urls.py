from django.urls import path

from onboarding.api import views as v

case = "cases/<uuid:uuid>/"
urlpatterns = [
    path("summary/", v.Summary.as_view(), name="onboarding-summary"),
    path("municipalities/", v.MunicipalityList.as_view(), name="onboarding-municipalities"),
    path("cases/", v.CaseList.as_view(), name="onboarding-cases"),
    path("cases/export/", v.CaseExport.as_view(), name="onboarding-cases-export"),
    path(case, v.CaseDetail.as_view(), name="onboarding-case"),
    path(f"{case}documents/", v.CaseDocumentUpload.as_view(), name="onboarding-case-documents"),
    path(
        f"{case}documents/<uuid:document>/",
        v.CaseDocumentDownload.as_view(),
        name="onboarding-case-document-download",
    ),
    path(f"{case}sign-agreement/", v.SignAgreement.as_view(), name="onboarding-sign-agreement"),
    path(
        f"{case}designate-manager/",
        v.DesignateManager.as_view(),
        name="onboarding-designate-manager",
    ),
    path(f"{case}provision/", v.Provision.as_view(), name="onboarding-provision"),
    path(f"{case}retry/", v.Retry.as_view(), name="onboarding-retry"),
    path(f"{case}go-live/", v.GoLive.as_view(), name="onboarding-go-live"),
    path(f"{case}pause/", v.Pause.as_view(), name="onboarding-pause"),
    path(f"{case}resume/", v.Resume.as_view(), name="onboarding-resume"),
    path(f"{case}cancel/", v.Cancel.as_view(), name="onboarding-cancel"),
    path("batches/", v.BatchCreate.as_view(), name="onboarding-batches"),
    path("batches/<uuid:uuid>/", v.BatchDetail.as_view(), name="onboarding-batch"),
]
