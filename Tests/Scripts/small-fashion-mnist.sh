#!/usr/bin/env bash
# Writes a small Fashion-MNIST folder: the first TRAIN training and TEST test examples of the real
# data, as the four gzipped IDX files `tricks --data DIR` reads. Tests use it to run real experiments
# at a fraction of the cost (evaluation on 1,000 test images instead of 10,000; a 6,000-image load).
#
#   small-fashion-mnist.sh DIR [TRAIN=6000] [TEST=1000]
#
# The source is $TRICKS_DATA, else /usr/share/datasets/fashion-mnist (apt-get install
# dataset-fashion-mnist). The first 6,000 training images hold 560 to 643 of each class, enough for the
# class-balanced 1,000-example subsets of the quick profile. Output bytes are the same on every call
# (gzip -n stores no name or time).
# No pipefail: `head` closes its pipe early on purpose, which gives gzip and tail a SIGPIPE; the sizes are
# checked at the end instead.
set -eu
out=${1:?usage: small-fashion-mnist.sh DIR [TRAIN] [TEST]}
train=${2:-6000}
test=${3:-1000}
source_dir=${TRICKS_DATA:-/usr/share/datasets/fashion-mnist}
for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  [[ -f $source_dir/$name ]] || {
    echo "small-fashion-mnist: $source_dir/$name not found; apt-get install dataset-fashion-mnist or set TRICKS_DATA" >&2
    exit 1
  }
done
mkdir -p "$out"

# A big-endian UInt32, as raw bytes.
be32() { printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"; }

# IDX: 00 00 08 <rank>, then the dimensions; images are N x 28 x 28 (16-byte header), labels N (8 bytes).
images() {
  { printf '\x00\x00\x08\x03'; be32 "$2"; be32 28; be32 28
    gzip -dc "$source_dir/$1" | tail -c +17 | head -c $(($2 * 784)); } | gzip -n >"$out/$1"
}
labels() {
  { printf '\x00\x00\x08\x01'; be32 "$2"
    gzip -dc "$source_dir/$1" | tail -c +9 | head -c "$2"; } | gzip -n >"$out/$1"
}
images train-images-idx3-ubyte.gz "$train"
labels train-labels-idx1-ubyte.gz "$train"
images t10k-images-idx3-ubyte.gz "$test"
labels t10k-labels-idx1-ubyte.gz "$test"

check_size() {
  local found
  found=$(gzip -dc "$out/$1" | wc -c)
  [[ $found -eq $2 ]] || { echo "small-fashion-mnist: $out/$1 holds $found bytes, expected $2" >&2; exit 1; }
}
check_size train-images-idx3-ubyte.gz $((16 + train * 784))
check_size train-labels-idx1-ubyte.gz $((8 + train))
check_size t10k-images-idx3-ubyte.gz $((16 + test * 784))
check_size t10k-labels-idx1-ubyte.gz $((8 + test))
