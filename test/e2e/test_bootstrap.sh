#!/usr/bin/env bash
# Bootstrap tokens (--enable-bootstrap-token-auth), as kubeadm join uses them: a Secret
# kube-system/bootstrap-token-<id> lets "<id>.<secret>" authenticate as system:bootstrap:<id>.
. "$(dirname "$0")/lib.sh"
export APISERVER_FLAGS="--enable-bootstrap-token-auth --authorization-mode=RBAC"
cluster_up
SERVER=$(k config view -o jsonpath='{.clusters[0].cluster.server}')
kt() { # TOKEN KUBECTL-ARGS...
	local t=$1
	shift
	k --kubeconfig /dev/null --server "$SERVER" --certificate-authority "$CLUSTER/pki/ca.crt" \
		--token "$t" "$@"
}
token_secret() { # ID SECRET EXTRA-DATA-YAML
	k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata: {name: bootstrap-token-$1, namespace: kube-system}
type: bootstrap.kubernetes.io/token
stringData:
  token-id: "$1"
  token-secret: "$2"
$3
YAML
}
token_secret abcdef 0123456789abcdef '  usage-bootstrap-authentication: "true"
  usage-bootstrap-signing: "true"
  auth-extra-groups: system:bootstrappers:kubeadm:default-node-token'
k create clusterrolebinding kubeadm:kubelet-bootstrap --clusterrole=system:node-bootstrapper \
	--group=system:bootstrappers:kubeadm:default-node-token >/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/n.key" \
	-subj "/O=system:nodes/CN=system:node:w1" -out "$WORK/n.csr" 2>/dev/null
cat > "$WORK/csr.yaml" <<YAML
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: node-csr-w1}
spec:
  request: $(base64 -w0 < "$WORK/n.csr")
  signerName: kubernetes.io/kube-apiserver-client-kubelet
  usages: [digital signature, client auth]
YAML
ok "the token authenticates and may create a CSR" kt abcdef.0123456789abcdef create -f "$WORK/csr.yaml"
out "as system:bootstrap:<id>, in its groups" \
	'^system:bootstrap:abcdef system:bootstrappers system:bootstrappers:kubeadm:default-node-token system:authenticated$' \
	k get csr node-csr-w1 -o jsonpath='{.spec.username} {.spec.groups[*]}'
fails "but no more than its role allows" 'Forbidden|forbidden' kt abcdef.0123456789abcdef get secrets -n kube-system
fails "a wrong secret is refused" 'Unauthorized|provide credentials' kt abcdef.0123456789abcdeX get csr
fails "a token that is not id.secret is refused" 'Unauthorized|provide credentials' kt abcdef-0123456789abcdef get csr
token_secret expird 0123456789abcdef '  usage-bootstrap-authentication: "true"
  expiration: "2020-01-01T00:00:00Z"'
fails "an expired token is refused" 'Unauthorized|provide credentials' kt expird.0123456789abcdef get csr
token_secret nouse1 0123456789abcdef '  usage-bootstrap-signing: "true"'
fails "a token not meant for authentication is refused" 'Unauthorized|provide credentials' kt nouse1.0123456789abcdef get csr
# Data that decodes to nothing once read a byte before the server's buffer.
k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Secret
metadata: {name: bootstrap-token-padpad, namespace: kube-system}
type: bootstrap.kubernetes.io/token
data: {token-id: "====", token-secret: "====", usage-bootstrap-authentication: dHJ1ZQ==}
YAML
fails "a token whose secret holds bare padding is refused" 'Unauthorized|provide credentials' kt padpad.0123456789abcdef get csr
ok "and the server is still up" k get --raw /readyz
k delete secret -n kube-system bootstrap-token-abcdef >/dev/null
fails "a deleted token is refused" 'Unauthorized|provide credentials' kt abcdef.0123456789abcdef get csr
finish
