"""The deployment files, checked offline (no Docker engine, no cluster): compose.yaml against the Compose
Specification's schema (check-jsonschema's bundled copy), the Kubernetes resources of deploy/k8s against Kubernetes'
own schemas (kubernetes-validate, strict), and what the schemas cannot see: replicas behind the balancer, health
checks on /_stcore/health, memory limits, selectors and ports that meet, and the sticky route.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy"))

from replicas import COMPOSE_CONF, COMPOSE_UPSTREAM, CONF, compose_config  # noqa: E402

COMPOSE = REPO / "compose.yaml"
K8S = REPO / "deploy" / "k8s"
HEALTH = "/_stcore/health"
APP_PORT = 8501  # the Dockerfile's EXPOSE and --server.port
# The oldest Kubernetes these files are meant for, and the newest kubernetes-validate knows.
K8S_VERSIONS = ("1.30", kubernetes_validate.utils.latest_version())


def check_compose_schema(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                           str(path)], capture_output=True, text=True, timeout=120)


# ---------------------------------------------------------------- compose

def test_compose_file_follows_the_compose_specification(tmp_path):
    r = check_compose_schema(COMPOSE)
    assert r.returncode == 0, r.stdout + r.stderr
    # the check is live: a compose file with a misspelt field fails it
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    expose:", "    exposes:"))
    assert check_compose_schema(broken).returncode != 0


def test_compose_runs_replicas_behind_nginx_with_health_checks():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    app, balancer = services["app"], services["balancer"]
    assert app["build"] == "." and app["deploy"]["replicas"] >= 2
    assert "ports" not in app, "a replica must not be published: readers reach it only through the balancer"
    assert app["deploy"]["resources"]["limits"]["memory"]
    assert f"http://127.0.0.1:{APP_PORT}{HEALTH}" in " ".join(app["healthcheck"]["test"])
    assert balancer["build"]["dockerfile"] == "deploy/nginx.Dockerfile"
    assert balancer["depends_on"]["app"]["condition"] == "service_healthy"
    assert HEALTH in " ".join(balancer["healthcheck"]["test"])
    listen = re.search(r"^\s*listen\s+(\d+);", COMPOSE_CONF.read_text(), re.M).group(1)
    assert any(str(p).endswith(f":{listen}") for p in balancer["ports"]), balancer["ports"]
    dockerfile = (REPO / "deploy" / "nginx.Dockerfile").read_text()
    assert f"COPY deploy/{COMPOSE_CONF.name} /etc/nginx/explainer.conf" in dockerfile
    assert COMPOSE_UPSTREAM == f"app:{APP_PORT}" and f"EXPOSE {APP_PORT}" in (REPO / "Dockerfile").read_text()


def test_compose_balancer_config_is_the_template_with_its_upstream():
    """deploy/nginx.compose.conf is deploy/nginx.conf (sticky cookie, limits, websocket) with only the upstream and the
    logs changed; after editing the template, regenerate it (the command is in its first line)."""
    assert COMPOSE_CONF.read_text() == compose_config(CONF.read_text()), (
        f"{COMPOSE_CONF.name} is stale: python deploy/replicas.py --compose-config > deploy/{COMPOSE_CONF.name}")
    text = COMPOSE_CONF.read_text()
    assert re.findall(r"^\s*server\s+([^\s{;]+)[^{]*;$", text, re.M) == [COMPOSE_UPSTREAM]
    for kept in ("hash $route_key consistent", "stroute=$request_id", "limit_req zone=uploads",
                 "limit_conn streams", "location = /_stcore/stream"):
        assert kept in text, kept


# ---------------------------------------------------------------- Kubernetes (kustomize)

def kustomization() -> dict:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


def resources() -> dict[str, dict]:
    """kind -> the resource, from the files the kustomization lists."""
    out = {}
    for name in kustomization()["resources"]:
        for doc in yaml.safe_load_all((K8S / name).read_text()):
            out[doc["kind"]] = doc
    return out


def test_kustomization_lists_every_file_and_sets_the_image():
    k = kustomization()
    assert (k["apiVersion"], k["kind"]) == ("kustomize.config.k8s.io/v1beta1", "Kustomization")
    assert set(k) <= {"apiVersion", "kind", "resources", "images", "labels", "namespace", "patches"}, set(k)
    listed = set(k["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}, listed
    container = resources()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert [i["name"] for i in k["images"]] == [container["image"]], "kustomize's images must name the container's"


@pytest.mark.parametrize("version", K8S_VERSIONS)
def test_kubernetes_resources_validate_strictly(version):
    core = {kind: doc for kind, doc in resources().items() if kind != "HTTPRoute"}
    assert set(core) == {"Deployment", "Service", "PodDisruptionBudget"}
    for _kind, doc in core.items():
        kubernetes_validate.validate(doc, version, strict=True)  # raises, naming the field, if invalid
    broken = yaml.safe_load(yaml.safe_dump(core["Deployment"]))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pathh"] = HEALTH
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, version, strict=True)


def test_deployment_probes_health_and_limits_memory():
    res = resources()
    pod = res["Deployment"]["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH and ports.get(get["port"], get["port"]) == APP_PORT, (probe, get)
    assert container["resources"]["limits"]["memory"]
    assert res["Deployment"]["spec"]["replicas"] >= 2
    labels = pod["metadata"]["labels"]
    for kind in ("Service", "PodDisruptionBudget"):
        selector = res[kind]["spec"]["selector"]
        selector = selector.get("matchLabels", selector)
        assert selector.items() <= labels.items(), f"{kind} selects {selector}, the pods are {labels}"
    assert res["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (service_port,) = res["Service"]["spec"]["ports"]
    assert ports.get(service_port["targetPort"], service_port["targetPort"]) == APP_PORT


# The fields of Gateway API's HTTPRoute (gateway.networking.k8s.io/v1, experimental channel for sessionPersistence)
# that deploy/k8s/httproute.yaml uses, with their types and limits as the Gateway API reference gives them:
# kubernetes-validate has no schemas for custom resources, so this hand-written part stands in for the CRD.
_NAME = {"type": "string", "minLength": 1, "maxLength": 253}
_DURATION = {"type": "string", "pattern": r"^([0-9]{1,5}(h|m|s|ms)){1,4}$"}
HTTPROUTE_SUBSET = {
    "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "gateway.networking.k8s.io/v1"},
        "kind": {"const": "HTTPRoute"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {"type": "object", "additionalProperties": False, "required": ["parentRefs", "rules"], "properties": {
            "parentRefs": {"type": "array", "minItems": 1, "maxItems": 32, "items": {
                "type": "object", "required": ["name"], "additionalProperties": False,
                "properties": {"name": _NAME, "namespace": _NAME, "sectionName": _NAME}}},
            "hostnames": {"type": "array", "maxItems": 16, "items": {"type": "string", "maxLength": 253}},
            "rules": {"type": "array", "minItems": 1, "maxItems": 16, "items": {
                "type": "object", "additionalProperties": False, "properties": {
                    "backendRefs": {"type": "array", "minItems": 1, "items": {
                        "type": "object", "required": ["name", "port"], "additionalProperties": False,
                        "properties": {"name": _NAME, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                                       "weight": {"type": "integer", "minimum": 0}}}},
                    "sessionPersistence": {
                        "type": "object", "additionalProperties": False, "properties": {
                            "sessionName": {"type": "string", "maxLength": 128},
                            "type": {"enum": ["Cookie", "Header"]},
                            "absoluteTimeout": _DURATION, "idleTimeout": _DURATION,
                            "cookieConfig": {"type": "object", "additionalProperties": False, "properties": {
                                "lifetimeType": {"enum": ["Permanent", "Session"]}}}}},
                }}},
        }},
    },
}


def test_the_route_keeps_a_reader_on_one_pod():
    res = resources()
    route = res["HTTPRoute"]
    jsonschema.validate(route, HTTPROUTE_SUBSET)
    service = res["Service"]
    service_ports = {p["port"] for p in service["spec"]["ports"]}
    for rule in route["spec"]["rules"]:
        for backend in rule["backendRefs"]:
            assert backend["name"] == service["metadata"]["name"] and backend["port"] in service_ports, backend
        sticky = rule.get("sessionPersistence")
        assert sticky and sticky["type"] == "Cookie", "every rule needs cookie session persistence"
        # a Permanent cookie needs an absoluteTimeout (the CRD's own rule)
        assert sticky.get("cookieConfig", {}).get("lifetimeType") != "Permanent" or "absoluteTimeout" in sticky
