"""The official Python client (python3-kubernetes) against kubec, unmodified."""
import sys

from kubernetes import client, config, watch

config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
apps = client.AppsV1Api()
names = [n.metadata.name for n in v1.list_namespace().items]
assert "kube-system" in names, names
cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-cm", labels={"from": "python"}),
                        data={"k": "v"})
v1.create_namespaced_config_map("default", cm)
got = v1.read_namespaced_config_map("py-cm", "default")
assert got.data == {"k": "v"}, got.data
dep = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-dep"),
    spec=client.V1DeploymentSpec(
        replicas=2,
        selector=client.V1LabelSelector(match_labels={"app": "py"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "py"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="nginx")]))))
apps.create_namespaced_deployment("default", dep)
d = apps.read_namespaced_deployment("py-dep", "default")
assert d.spec.strategy.type == "RollingUpdate", d.spec.strategy
apps.patch_namespaced_deployment_scale("py-dep", "default", {"spec": {"replicas": 4}})
assert apps.read_namespaced_deployment("py-dep", "default").spec.replicas == 4
w = watch.Watch()
seen = [e["object"].metadata.name for e in
        w.stream(v1.list_namespaced_config_map, "default", label_selector="from=python",
                 timeout_seconds=1)]
assert seen == ["py-cm"], seen
try:
    v1.read_namespaced_config_map("missing", "default")
    raise SystemExit("expected 404")
except client.exceptions.ApiException as e:
    assert e.status == 404, e.status
v1.delete_namespaced_config_map("py-cm", "default")
for i in range(3):
    v1.create_namespaced_config_map("default", client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="bulk-%d" % i, labels={"bulk": "yes"})))
v1.delete_collection_namespaced_config_map("default", label_selector="bulk=yes")
left = v1.list_namespaced_config_map("default", label_selector="bulk=yes").items
assert left == [], [c.metadata.name for c in left]
apps.delete_namespaced_deployment("py-dep", "default")
print("ok")
