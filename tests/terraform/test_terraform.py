"""Static checks of the AWS deployment (terraform/ and the Dockerfile). checkov, `fmt`
and `validate` run in scripts/check_terraform.py; these tests read the HCL themselves."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import hcl2
import pytest

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"
TF_FILES = sorted(TERRAFORM.rglob("*.tf"))
ENVIRONMENTS = sorted(p for p in (TERRAFORM / "environments").iterdir() if p.is_dir())
MODULES = sorted(p for p in (TERRAFORM / "modules").iterdir() if p.is_dir())
ROOTS = [*ENVIRONMENTS, TERRAFORM / "bootstrap"]
EXPECTED_MODULES = {
    "network",
    "database",
    "cache",
    "storage",
    "compute",
    "edge",
    "secrets",
    "observability",
    "iam",
}


def unquote(value):
    """python-hcl2 keeps the quotes of string literals and labels."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@cache
def parse(path: Path) -> dict:
    with path.open() as handle:
        return hcl2.load(handle)


def blocks(directory: Path, kind: str) -> list[dict]:
    return [block for path in sorted(directory.glob("*.tf")) for block in parse(path).get(kind, [])]


def labelled(directory: Path, kind: str) -> dict[str, dict]:
    """`variable "x" {}` / `module "x" {}` blocks of a directory, by label."""
    return {
        unquote(label): body
        for block in blocks(directory, kind)
        for label, body in block.items()
        if not label.startswith("__")
    }


def resources(directory: Path, kind: str, resource_type: str) -> dict[str, dict]:
    found = {}
    for block in blocks(directory, kind):
        for rtype, named in block.items():
            if unquote(rtype) == resource_type:
                found.update(
                    {unquote(name): body for name, body in named.items() if name[:2] != "__"}
                )
    return found


def test_there_is_something_to_check():
    assert {p.name for p in MODULES} == EXPECTED_MODULES
    assert {p.name for p in ENVIRONMENTS} == {"staging", "production"}
    assert len(TF_FILES) >= 4 * len(EXPECTED_MODULES)


@pytest.mark.parametrize("path", TF_FILES, ids=lambda p: str(p.relative_to(TERRAFORM)))
def test_every_tf_file_parses(path):
    assert isinstance(parse(path), dict)


@pytest.mark.parametrize("directory", MODULES, ids=lambda p: p.name)
def test_modules_keep_variables_main_outputs(directory):
    for name in ("variables.tf", "main.tf", "outputs.tf", "versions.tf"):
        assert (directory / name).is_file(), f"{directory.name}/{name} is missing"


@pytest.mark.parametrize("directory", [*MODULES, *ROOTS], ids=lambda p: p.name)
def test_every_variable_has_a_description_and_a_type(directory):
    variables = labelled(directory, "variable")
    for name, body in variables.items():
        assert unquote(body.get("description", "")).strip(), f"{directory.name}: {name}"
        assert body.get("type"), f"{directory.name}: variable {name} has no type"


@pytest.mark.parametrize("directory", [*MODULES, *ROOTS], ids=lambda p: p.name)
def test_terraform_and_provider_versions_are_pinned(directory):
    settings = blocks(directory, "terraform")
    assert settings, f"{directory.name} has no terraform block"
    required_version = [unquote(s["required_version"]) for s in settings if "required_version" in s]
    assert required_version == [">= 1.6"], directory.name
    providers = {
        name: spec
        for s in settings
        for group in s.get("required_providers", [])
        for name, spec in group.items()
        if not name.startswith("__")
    }
    assert "aws" in providers, directory.name
    for name, spec in providers.items():
        assert unquote(spec.get("source", "")), f"{directory.name}: {name} has no source"
        assert re.fullmatch(r"~> \d+\.\d+", unquote(spec.get("version", ""))), (
            f"{directory.name}: {name} must be pinned with ~> MAJOR.MINOR"
        )


def test_every_directory_pins_the_same_aws_provider():
    versions = {
        unquote(group["aws"]["version"])
        for directory in [*MODULES, *ROOTS]
        for s in blocks(directory, "terraform")
        for group in s.get("required_providers", [])
        if "aws" in group
    }
    assert versions == {"~> 5.100"}


@pytest.mark.parametrize("directory", ENVIRONMENTS, ids=lambda p: p.name)
def test_environments_keep_state_in_s3_with_locking_and_encryption(directory):
    backends = [b for s in blocks(directory, "terraform") for b in s.get("backend", [])]
    assert len(backends) == 1, directory.name
    (label, config), *_ = [(k, v) for k, v in backends[0].items() if k != "__is_block__"]
    assert unquote(label) == "s3"
    assert unquote(config["bucket"]) and unquote(config["region"]) == "sa-east-1"
    assert unquote(config["key"]) == f"{directory.name}/terraform.tfstate"
    assert config.get("dynamodb_table") or config.get("use_lockfile") is True
    assert config.get("encrypt") is True
    assert unquote(config.get("kms_key_id", ""))


@pytest.mark.parametrize("directory", ENVIRONMENTS, ids=lambda p: p.name)
def test_environments_compose_every_module(directory):
    modules = labelled(directory, "module")
    sources = {name: unquote(body["source"]) for name, body in modules.items()}
    assert sources == {name: f"../../modules/{name}" for name in EXPECTED_MODULES}


@pytest.mark.parametrize("directory", ENVIRONMENTS, ids=lambda p: p.name)
def test_example_tfvars_set_every_required_variable_and_nothing_else(directory):
    example = directory / "terraform.tfvars.example"
    values = {k: v for k, v in hcl2.loads(example.read_text()).items() if not k.startswith("__")}
    variables = labelled(directory, "variable")
    assert set(values) <= set(variables), set(values) - set(variables)
    required = {name for name, body in variables.items() if "default" not in body}
    assert required <= set(values), required - set(values)
    assert unquote(values["environment"]) == directory.name


def test_app_task_role_reaches_only_the_tenants_prefix_of_the_documents_bucket():
    iam = TERRAFORM / "modules" / "iam"
    variables = labelled(iam, "variable")
    assert unquote(variables["documents_prefix"]["default"]) == "tenants/"
    policy = resources(iam, "data", "aws_iam_policy_document")["app"]
    s3_statements = [
        statement
        for statement in policy["statement"]
        if any(unquote(action).startswith("s3:") for action in statement["actions"])
    ]
    assert s3_statements
    for statement in s3_statements:
        actions = {unquote(action) for action in statement["actions"]}
        assert not any("*" in action for action in actions), actions
        assert unquote(statement.get("effect", '"Allow"')) == "Allow"
        if actions == {"s3:ListBucket"}:
            # Bucket-level: listing with a prefix must stay under tenants/.
            assert [unquote(r) for r in statement["resources"]] == ["${var.documents_bucket_arn}"]
            (condition,) = statement["condition"]
            assert unquote(condition["variable"]) == "s3:prefix"
            assert [unquote(v) for v in condition["values"]] == ["${var.documents_prefix}*"]
        else:
            prefix = "${var.documents_bucket_arn}/${var.documents_prefix}*"
            assert [unquote(r) for r in statement["resources"]] == [prefix]
    # The role gets no other policy (inline or managed).
    role_policies = resources(iam, "resource", "aws_iam_role_policy")
    assert [p["role"] for p in role_policies.values()].count("${aws_iam_role.app.id}") == 1
    assert not resources(iam, "resource", "aws_iam_role_policy_attachment")
    # Environments pass the real bucket and keep the default prefix.
    for directory in ENVIRONMENTS:
        call = labelled(directory, "module")["iam"]
        assert call["documents_bucket_arn"] == "${module.storage.documents_bucket_arn}"
        assert "documents_prefix" not in call


def test_the_tramita_certificate_is_read_at_run_time_by_the_app_role_only():
    """Rotating the Tramita certificate needs no redeploy: the app role reads the two
    secrets whose ARNs the tasks get in their environment; the ECS agent does not
    inject them (an injected secret is read once, at task start)."""
    iam = TERRAFORM / "modules" / "iam"
    policy = resources(iam, "data", "aws_iam_policy_document")["app"]
    by_sid = {unquote(s["sid"]): s for s in policy["statement"]}
    read = by_sid["ReadRuntimeSecrets"]
    assert [unquote(a) for a in read["actions"]] == ["secretsmanager:GetSecretValue"]
    assert unquote(read["resources"]) == "${var.runtime_secret_arns}"
    decrypt = by_sid["SecretsKeyThroughSecretsManagerOnly"]
    (condition,) = decrypt["condition"]
    assert unquote(condition["variable"]) == "kms:ViaService"
    for directory in ENVIRONMENTS:
        text = (directory / "main.tf").read_text()
        call = labelled(directory, "module")["iam"]
        assert call["runtime_secret_arns"] == "${local.tramita_secrets}"
        assert call["secret_arns"] == "${values(local.app_secrets)}"
        assert 'secret_arns["tramita-certificate"]' in text
        environment = labelled(directory, "module")["compute"]["app_environment"]
        assert "TRAMITA_CERT_SECRET" in environment and "TRAMITA_KEY_SECRET" in environment
        assert "TRAMITA_BASE_URL" in environment
        app_secrets = "".join(
            str(block.get("app_secrets", "")) for block in blocks(directory, "locals")
        )
        assert "tramita" not in app_secrets


def test_health_checks_use_healthz_and_readyz():
    edge = labelled(TERRAFORM / "modules" / "edge", "variable")
    assert unquote(edge["health_check_path"]["default"]) == "/healthz"
    checks = resources(
        TERRAFORM / "modules" / "observability", "resource", "aws_route53_health_check"
    )
    assert unquote(checks["readyz"]["resource_path"]) == "/readyz"


def test_every_checkov_skip_gives_a_reason():
    skips = []
    for path in TF_FILES:
        for line in path.read_text().splitlines():
            if "checkov:skip" in line:
                match = re.search(r"#checkov:skip=(CKV2?_[A-Z]+_\d+):(.+)", line)
                assert match, f"{path}: {line.strip()}"
                assert len(match.group(2).split()) >= 5, f"{path}: reason too short: {line}"
                skips.append(match.group(1))
    assert skips  # the scan itself works
    assert not list(ROOT.glob(".checkov*")), "skips belong inline, next to the resource"


def test_dockerfile_builds_in_stages_and_runs_gunicorn_as_a_non_root_user():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    stages = [line for line in lines if line.upper().startswith("FROM ")]
    assert len(stages) >= 3, stages
    assert any("npm run build" in line for line in lines)
    assert any("collectstatic" in line for line in lines)
    users = [line.split(None, 1)[1] for line in lines if line.upper().startswith("USER ")]
    assert users, "no USER instruction"
    assert users[-1].split(":")[0] not in {"root", "0"}
    final_stage = lines[lines.index(stages[-1]) :]
    assert any(line.upper().startswith("USER ") for line in final_stage)
    cmd = [line for line in final_stage if line.upper().startswith("CMD ")]
    assert cmd and "gunicorn" in cmd[-1] and "config.wsgi" in cmd[-1]
    assert (ROOT / ".dockerignore").is_file()
