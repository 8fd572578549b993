"""URLs of a municipality's host (<slug>.BASE_DOMAIN, the municipality's schema)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from citizens.api.urls import city_urls as citizen_urls
from config.urls_common import api_common, schema_routes, spa_routes
from core.api import lifecycle_views as lv
from core.api import process_views as pv
from core.api.public_views import PublicDocumentContent
from core.api.views import UnitDetailView, UnitListView
from signatures import urls as signature_urls
from tramita.api.urls import city_urls

catalogues = SimpleRouter()
catalogues.register("process-types", pv.ProcessTypeViewSet, basename="process-type")
catalogues.register("document-types", pv.DocumentTypeViewSet, basename="document-type")
catalogues.register("legal-bases", pv.LegalBasisViewSet, basename="legal-basis")
catalogues.register("templates", pv.TemplateViewSet, basename="template")

process = "processes/<uuid:uuid>/"
document = "documents/<uuid:uuid>/"
api_v1 = [
    *api_common,
    path("me/", pv.Me.as_view(), name="me"),
    path("me/current-unit/", pv.CurrentUnit.as_view(), name="me-current-unit"),
    path(
        "me/current-unit/members/",
        pv.CurrentUnitMembers.as_view(),
        name="me-current-unit-members",
    ),
    path("me/notifications/", lv.MyNotifications.as_view(), name="me-notifications"),
    path("markers/", lv.MarkerList.as_view(), name="markers"),
    path("markers/<uuid:marker_id>/", lv.MarkerDetail.as_view(), name="marker"),
    path("watch-groups/", lv.WatchGroupList.as_view(), name="watch-groups"),
    path("watch-groups/<uuid:group_id>/", lv.WatchGroupDetail.as_view(), name="watch-group"),
    path("watches/", lv.WatchList.as_view(), name="watches"),
    path("units/", UnitListView.as_view(), name="unit-list"),
    path("units/<uuid:unit_id>/", UnitDetailView.as_view(), name="unit-detail"),
    path("staff/", pv.StaffCreate.as_view(), name="staff"),
    *catalogues.urls,
    path("processes/", pv.ProcessList.as_view(), name="processes"),
    path("inbox/", pv.Inbox.as_view(), name="inbox"),
    path("search/", pv.Search.as_view(), name="search"),
    *city_urls,
    *citizen_urls,
    path(
        "public/documents/<uuid:uuid>/content/",
        PublicDocumentContent.as_view(),
        name="public-document-content",
    ),
    path(f"{process}send/", pv.SendProcess.as_view(), name="process-send"),
    path(f"{process}conclude/", pv.ConcludeProcess.as_view(), name="process-conclude"),
    path(f"{process}reopen/", pv.ReopenProcess.as_view(), name="process-reopen"),
    path(f"{process}assign/", pv.AssignProcess.as_view(), name="process-assign"),
    path(process, pv.ProcessDetail.as_view(), name="process"),
    path(f"{process}suspend/", lv.SuspendProcess.as_view(), name="process-suspend"),
    path(f"{process}resume/", lv.ResumeProcess.as_view(), name="process-resume"),
    path(f"{process}relations/", lv.ProcessRelations.as_view(), name="process-relations"),
    path(
        f"{process}relations/<uuid:other>/",
        lv.ProcessRelationDetail.as_view(),
        name="process-relation",
    ),
    path(f"{process}annexes/", lv.ProcessAnnexes.as_view(), name="process-annexes"),
    path(f"{process}markers/", lv.ProcessMarkers.as_view(), name="process-markers"),
    path(
        f"{process}markers/<uuid:marker_id>/",
        lv.ProcessMarkerDetail.as_view(),
        name="process-marker",
    ),
    path(f"{process}watch/", lv.ProcessWatch.as_view(), name="process-watch"),
    path(f"{process}events/", pv.ProcessEvents.as_view(), name="process-events"),
    path(f"{process}documents/", pv.InternalDocumentCreate.as_view(), name="process-documents"),
    path(f"{process}uploads/", pv.ExternalDocumentUpload.as_view(), name="process-uploads"),
    path(
        f"{process}uploads/raw/", pv.ExternalDocumentRawUpload.as_view(), name="process-upload-raw"
    ),
    path(f"{process}pdf/", pv.ProcessPdfRequest.as_view(), name="process-pdf"),
    path(f"{process}pdf/<uuid:pdf_id>/", pv.ProcessPdfStatus.as_view(), name="process-pdf-status"),
    path(document, pv.DocumentDetail.as_view(), name="document"),
    path(f"{document}versions/", pv.DocumentVersionCreate.as_view(), name="document-versions"),
    path(f"{document}content/", pv.DocumentContent.as_view(), name="document-content"),
    path(f"{document}cancel/", pv.DocumentCancel.as_view(), name="document-cancel"),
    path("signatures/", pv.SignDocuments.as_view(), name="signatures"),
    *signature_urls.api_tenant,
    path(
        "signatures/<int:signature_id>/verify/",
        pv.VerifySignature.as_view(),
        name="signature-verify",
    ),
]

urlpatterns = [
    path("", include("accounts.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *schema_routes("config.urls_tenant"),
    *spa_routes,
]
