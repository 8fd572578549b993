"""The staff API for a process's life beside moving it: suspension, relations,
annexation, the unit's markers, each person's watch list and e-mail preferences.
Thin: every process is looked up through processes_visible_to (invisible → 404), every
marker through the current unit's, every watch group through the person's own."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core import selectors
from core.api import process_serializers as s
from core.api.process_views import (
    Me,
    StaffView,
    _process,
    _valid,
    _visible_process,
    uuid_param,
)
from core.services import lifecycle
from core.services import markers as marker_services
from core.services import staff as staff_services
from core.services import watch as watch_services

# --- suspension (sobrestamento) ----------------------------------------------------------


class SuspendProcess(StaffView):
    @extend_schema(request=s.ReasonInput, responses=s.ProcessDetailSerializer)
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = _valid(s.ReasonInput, request)
        lifecycle.suspend(staff=request.staff, process=process, reason=data["reason"])
        return _process(request, uuid)


class ResumeProcess(StaffView):
    @extend_schema(request=None, responses=s.ProcessDetailSerializer)
    def post(self, request, uuid):
        lifecycle.resume(staff=request.staff, process=_visible_process(request, uuid))
        return _process(request, uuid)


# --- relations and annexation --------------------------------------------------------------


class ProcessRelations(StaffView):
    @extend_schema(request=s.ProcessRefInput, responses={201: s.ProcessDetailSerializer})
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        other = _visible_process(request, _valid(s.ProcessRefInput, request)["process"])
        lifecycle.relate(staff=request.staff, process=process, other=other)
        return _process(request, uuid, status.HTTP_201_CREATED)


class ProcessRelationDetail(StaffView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid, other):
        process = _visible_process(request, uuid)
        lifecycle.unrelate(
            staff=request.staff, process=process, other=_visible_process(request, other)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProcessAnnexes(StaffView):
    """Annex the process given in the body into this one (the main process)."""

    @extend_schema(request=s.ProcessRefInput, responses={201: s.ProcessDetailSerializer})
    def post(self, request, uuid):
        main = _visible_process(request, uuid)
        annexed = _visible_process(request, _valid(s.ProcessRefInput, request)["process"])
        lifecycle.annex(staff=request.staff, main=main, annexed=annexed)
        return _process(request, uuid, status.HTTP_201_CREATED)


# --- markers (marcadores) ----------------------------------------------------------------


class MarkerList(StaffView):
    """The current unit's markers; any member of the unit adds them."""

    @extend_schema(responses=s.MarkerSerializer(many=True))
    def get(self, request):
        markers = selectors.unit_markers(request.staff)
        return Response(s.MarkerSerializer(markers, many=True).data)

    @extend_schema(request=s.MarkerSerializer, responses={201: s.MarkerSerializer})
    def post(self, request):
        data = _valid(s.MarkerSerializer, request)
        marker = marker_services.save_marker(staff=request.staff, **data)
        return Response(s.MarkerSerializer(marker).data, status=status.HTTP_201_CREATED)


class MarkerDetail(StaffView):
    @extend_schema(request=s.MarkerSerializer, responses=s.MarkerSerializer)
    def patch(self, request, marker_id):
        marker = get_object_or_404(selectors.unit_markers(request.staff), uuid=marker_id)
        serializer = s.MarkerSerializer(marker, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {"name": marker.name, "color": marker.color, "active": marker.active}
        data.update(serializer.validated_data)
        marker = marker_services.save_marker(staff=request.staff, marker=marker, **data)
        return Response(s.MarkerSerializer(marker).data)


class ProcessMarkers(StaffView):
    @extend_schema(request=s.MarkInput, responses={201: s.ProcessMarkerSerializer})
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = _valid(s.MarkInput, request)
        marker = get_object_or_404(selectors.unit_markers(request.staff), uuid=data["marker"])
        row = marker_services.mark(
            staff=request.staff, process=process, marker=marker, note=data.get("note", "")
        )
        return Response(s.ProcessMarkerSerializer(row).data, status=status.HTTP_201_CREATED)


class ProcessMarkerDetail(StaffView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid, marker_id):
        process = _visible_process(request, uuid)
        marker = get_object_or_404(selectors.unit_markers(request.staff), uuid=marker_id)
        marker_services.unmark(staff=request.staff, process=process, marker=marker)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- watch list (acompanhamento especial) ---------------------------------------------------


class WatchGroupList(StaffView):
    @extend_schema(responses=s.WatchGroupSerializer(many=True))
    def get(self, request):
        return Response(
            s.WatchGroupSerializer(selectors.watch_groups(request.staff), many=True).data
        )

    @extend_schema(request=s.WatchGroupSerializer, responses={201: s.WatchGroupSerializer})
    def post(self, request):
        data = _valid(s.WatchGroupSerializer, request)
        group = watch_services.save_group(staff=request.staff, name=data["name"])
        return Response(s.WatchGroupSerializer(group).data, status=status.HTTP_201_CREATED)


class WatchGroupDetail(StaffView):
    def _group(self, request, group_id):
        return get_object_or_404(selectors.watch_groups(request.staff), uuid=group_id)

    @extend_schema(request=s.WatchGroupSerializer, responses=s.WatchGroupSerializer)
    def patch(self, request, group_id):
        group = self._group(request, group_id)
        data = _valid(s.WatchGroupSerializer, request)
        group = watch_services.save_group(staff=request.staff, group=group, name=data["name"])
        return Response(s.WatchGroupSerializer(group).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, group_id):
        watch_services.delete_group(staff=request.staff, group=self._group(request, group_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WatchList(StaffView, generics.ListAPIView):
    """The person's watch list (only processes they may still see)."""

    serializer_class = s.WatchSerializer

    @extend_schema(
        parameters=[OpenApiParameter("group", str, description="uuid do grupo, ou none")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        group = self.request.query_params.get("group", "")
        if group and group != "none":
            group = uuid_param(group, _("Grupo inválido."))
        return selectors.watch_list(self.request.staff, group=group)


class ProcessWatch(StaffView):
    @extend_schema(request=s.WatchInput, responses=OpenApiTypes.OBJECT)
    def put(self, request, uuid):
        process = _visible_process(request, uuid)
        data = _valid(s.WatchInput, request)
        group = (
            get_object_or_404(selectors.watch_groups(request.staff), uuid=data["group"])
            if data.get("group")
            else None
        )
        watch_services.watch(
            staff=request.staff, process=process, group=group, note=data.get("note", "")
        )
        return _process(request, uuid)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid):
        watch_services.unwatch(staff=request.staff, process=_visible_process(request, uuid))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- e-mail notifications ---------------------------------------------------------------


class MyNotifications(StaffView):
    @extend_schema(request=s.NotificationsInput, responses=OpenApiTypes.OBJECT)
    def patch(self, request):
        data = _valid(s.NotificationsInput, request)
        staff_services.set_email_notifications(
            staff=request.staff, enabled=data["email_notifications"]
        )
        return Me().get(request)
