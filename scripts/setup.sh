#!/usr/bin/env bash
# Installs what TrainingTricks needs on Debian when it is missing: OpenBLAS, GSL, zlib and Fashion-MNIST.
set -euo pipefail
needed=(libopenblas-dev libgsl-dev zlib1g-dev dataset-fashion-mnist)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
fi
