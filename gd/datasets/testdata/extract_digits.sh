#!/usr/bin/env bash
# Extracts digits.csv.gz, the 8×8 handwritten digits (the test set of the UCI
# "Optical Recognition of Handwritten Digits" data, E. Alpaydin and C. Kaynak,
# 1998, CC BY 4.0), from the copy scikit-learn ships in its wheel, and checks
# that it is byte for byte the file committed beside the package.
#
# Usage: bash gd/datasets/testdata/extract_digits.sh   (needs pip and unzip)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: \
	--python-version 3.11 --platform manylinux2014_x86_64 \
	-d "$tmp" scikit-learn==1.5.2
unzip -q -o "$tmp"/scikit_learn-1.5.2-*.whl 'sklearn/datasets/data/digits.csv.gz' -d "$tmp"
want=09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22
got="$(sha256sum "$tmp/sklearn/datasets/data/digits.csv.gz" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then
	echo "digits.csv.gz has sha256 $got, expected $want" >&2
	exit 1
fi
cp "$tmp/sklearn/datasets/data/digits.csv.gz" "$here/digits.csv.gz"
echo "wrote $here/digits.csv.gz (sha256 $got)"
