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
    to_rasa = [p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]
               if p["backend"]["service"]["name"] == "asa-rasa"]
    assert to_rasa == ["/webhooks/"]
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    blocks = re.findall(r"location (\S+) \{[^}]*proxy_pass http://(\w+):", nginx)
    assert [path for path, upstream in blocks if upstream == "rasa"] == ["/webhooks/"]
