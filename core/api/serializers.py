from rest_framework import serializers

from core.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    parent = serializers.UUIDField(source="parent.uuid", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "acronym", "parent", "active"]


class ContextUserSerializer(serializers.Serializer):
    name = serializers.CharField()
    cpf_masked = serializers.CharField(source="masked_cpf")
    is_coordinator = serializers.BooleanField()
    auth_method = serializers.CharField(allow_null=True, required=False)
    trust_level = serializers.CharField(allow_null=True, required=False)
    # On a city host: "staff" (call /api/v1/me/) or "citizen" (the citizen area,
    # /api/v1/citizen/…); on the state host: "coordinator" or "citizen".
    role = serializers.ChoiceField(
        choices=["staff", "citizen", "coordinator"], allow_null=True, required=False
    )


class ContextSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["state", "municipality"])
    name = serializers.CharField()
    state_name = serializers.CharField()
    ibge_code = serializers.CharField(allow_null=True)
    slug = serializers.CharField(allow_null=True)
    user = ContextUserSerializer(allow_null=True)
