#!/usr/bin/env bash
# Install the Debian packages kubec builds and runs with, only those missing.
set -euo pipefail
pkgs=(build-essential pkg-config etcd-server etcd-client libcurl4-openssl-dev libjansson-dev
      libevent-dev libssl-dev libyaml-dev libarchive-dev libcmocka-dev openssl curl
      python3 python3-kubernetes python3-cryptography iproute2 procps)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
