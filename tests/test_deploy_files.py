"""The production topology files (deploy/) agree with what the code reads, and expose only the webhooks."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def needed_by_endpoints() -> set:
    return set(re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints-scaled.yml").read_text(encoding="utf-8")))


def test_compose_gives_every_service_what_endpoints_scaled_needs():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    for name in ("rasa", "actions", "web", "purge"):
        environment = compose["services"][name]["environment"]
        assert needed_by_endpoints() <= set(environment), name
        assert environment["RASA_ENDPOINTS"] == "endpoints-scaled.yml"
    published = [name for name, service in compose["services"].items() if service.get("ports")]
    assert published == ["entry"]  # databases, Rasa's API and the action server stay internal


def test_kubernetes_config_and_secrets_cover_endpoints_scaled():
    text = (DEPLOY / "k8s" / "asa-assistent.yaml").read_text(encoding="utf-8")
    documents = list(yaml.safe_load_all(text))
    config = next(d for d in documents if d["kind"] == "ConfigMap")["data"]
    secrets = set(re.findall(r"--from-literal=(\w+)=", text))
    assert needed_by_endpoints() <= set(config) | secrets
    assert not secrets & set(config)  # a secret never sits in the ConfigMap
    rasa = next(d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == "asa-rasa")
    assert rasa["spec"]["replicas"] >= 2
    assert {"RASA_TOKEN", "DB_PASSWORD", "REDIS_PASSWORD"} <= secrets


def test_public_entries_route_only_webhooks_to_rasa():
    documents = list(yaml.safe_load_all((DEPLOY / "k8s" / "asa-assistent.yaml").read_text(encoding="utf-8")))
    ingress = next(d for d in documents if d["kind"] == "Ingress")
    to_rasa = [
        p["path"]
        for rule in ingress["spec"]["rules"]
        for p in rule["http"]["paths"]
        if p["backend"]["service"]["name"] == "asa-rasa"
    ]
    assert to_rasa == ["/webhooks/"]
    assert [path for path, upstream in _nginx_locations() if upstream == "rasa"] == ["/webhooks/"]


def _nginx_locations():
    """(path, upstream) of every location in the shared entry that proxies somewhere."""
    text = (DEPLOY / "nginx" / "entry.conf").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"location (\S+) \{", text):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        upstream = re.search(r"proxy_pass http://(\w+)", text[match.end() : end])
        if upstream:
            found.append((match.group(1), upstream.group(1)))
    return found


def test_compose_mounts_the_shared_entry_and_gives_it_what_it_names():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    mounts = dict(volume.split(":")[:2] for volume in compose["services"]["entry"]["volumes"])
    assert mounts["./nginx/compose.conf"] == "/etc/nginx/conf.d/default.conf"  # read by the image's nginx.conf
    text = (DEPLOY / "nginx" / "compose.conf").read_text(encoding="utf-8")
    included = re.search(r"include (\S+);", text).group(1)
    assert mounts["./nginx/entry.conf"] == included  # the file the wrapper includes is the one mounted
    assert {upstream for _, upstream in _nginx_locations()} == set(re.findall(r"upstream (\w+) \{", text))
    assert "zone=chat:" in text and "zone=chat " in (DEPLOY / "nginx" / "entry.conf").read_text(encoding="utf-8")


def _dockerignore_rules():
    """.dockerignore as (regex, excludes) pairs, with Docker's rules: patterns are relative to the
    context root, "**" spans directories, a match on a directory covers everything in it, the last
    matching pattern wins and "!" re-includes."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        excludes = not line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part))
        rules.append((re.compile(regex), excludes))
    return rules


def _in_context(relative: str, rules) -> bool:
    parts = relative.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    included = True
    for regex, excludes in rules:
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            included = not excludes
    return included


def build_context(root: Path) -> list:
    """The files `docker build` would send for this root, walked the way Docker prunes them."""
    import os

    rules = _dockerignore_rules()
    files = []
    for directory, subdirs, names in os.walk(root):
        base = Path(directory).relative_to(root).as_posix()
        prefix = "" if base == "." else base + "/"
        subdirs[:] = [d for d in subdirs if _in_context(prefix + d, rules)]
        files += [prefix + n for n in names if _in_context(prefix + n, rules)]
    return sorted(files)


def test_build_context_holds_no_local_state_models_or_secrets(tmp_path):
    tree = [
        "bot/app.py",
        "bot/__pycache__/app.cpython-310.pyc",
        "knowledge/faq.yml",
        "requirements.txt",
        "var/hotline.db",
        "var/hotline_users.json",
        "var/scaled/pg/PG_VERSION",
        "models/asa.tar.gz",
        ".venv/bin/python",
        ".venv-audit/bin/pip",
        "build/spacy_de/meta.json",
        ".git/config",
        "deploy/.env",
        "deploy/tls/server.key",
        "deploy/Dockerfile",
        "tests/test_api.py",
        "tracker.db",
    ]
    for name in tree:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert build_context(tmp_path) == [
        "bot/app.py",
        "deploy/Dockerfile",
        "knowledge/faq.yml",
        "requirements.txt",
        "tests/test_api.py",
    ]


def test_build_context_of_this_checkout_has_what_the_dockerfile_needs_and_no_secret():
    context = build_context(ROOT)
    # what deploy/Dockerfile's RUN steps and the services' commands read
    for needed in (
        "requirements-pip.lock",
        "requirements.lock",
        "requirements-web.lock",
        "scripts/build_spacy_de.py",
        "scripts/build_domain.py",
        "config.yml",
        "domain.yml",
        "knowledge/faq.yml",
        "data/faq_responses.yml",
        "data/rules.yml",
        "credentials.yml",
        "endpoints-scaled.yml",
    ):
        assert needed in context, needed
    assert not [f for f in context if f.split("/")[0] in {"var", "models", "build", ".venv", ".git"}]
    key_header = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\n[A-Za-z0-9+/]")
    for name in context:
        assert not key_header.search((ROOT / name).read_text(encoding="utf-8", errors="ignore")), name


def test_every_container_of_ours_runs_without_root_privileges_and_with_limits():
    documents = list(yaml.safe_load_all((DEPLOY / "k8s" / "asa-assistent.yaml").read_text(encoding="utf-8")))
    workloads = [d for d in documents if d["kind"] in ("Deployment", "StatefulSet", "CronJob")]
    assert {d["metadata"]["name"] for d in workloads} >= {"asa-rasa", "asa-actions", "asa-web", "asa-purge"}
    for workload in workloads:
        spec = workload["spec"]
        pod = (spec["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob" else spec["template"])["spec"]
        name = workload["metadata"]["name"]
        assert workload["metadata"]["namespace"] == "asa", name
        assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] >= 10000, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] and not security["allowPrivilegeEscalation"], name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert not container["image"].endswith(":latest"), name
            if workload["kind"] != "CronJob":
                assert "livenessProbe" in container and "readinessProbe" in container, name
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    for name in ("rasa", "actions", "web", "purge"):
        service = compose["services"][name]
        assert service["read_only"] and service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert service["deploy"]["resources"]["limits"]["memory"], name
