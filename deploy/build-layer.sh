#!/usr/bin/env bash
# Build the dataguard Lambda layer (regex-only: no spaCy, no Presidio) for the SAM templates.
#
#   deploy/build-layer.sh [python-version] [arch]     # defaults: 3.12 x86_64
#
# Output: deploy/build/layer/python/... (the layer) and an empty deploy/build/handler/ (the
# function package: the handler code lives in the layer). Wheels are fetched for the Lambda
# platform, so this works from macOS or Linux without Docker. boto3 is left out: the runtime
# has it. Then: sam deploy --template-file deploy/pipes/template.yaml --guided
set -euo pipefail

PY="${1:-3.12}"
ARCH="${2:-x86_64}"
case "$ARCH" in
  x86_64) PLATFORM=manylinux2014_x86_64 ;;
  arm64) PLATFORM=manylinux2014_aarch64 ;;
  *) echo "arch must be x86_64 or arm64" >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
OUT="$HERE/build"
rm -rf "$OUT"
mkdir -p "$OUT/layer/python" "$OUT/handler"

# Third-party wheels for the Lambda platform (binary only: orjson, google-re2 are compiled).
python3 -m pip install --quiet --target "$OUT/layer/python" \
  --platform "$PLATFORM" --python-version "$PY" --implementation cp --only-binary=:all: \
  "orjson>=3.9" "google-re2>=1.1" "phonenumbers>=8.13" "aws-lambda-powertools>=3.0"
# dataguard itself as plain Python: its compiled core (setup.py, mypyc) would be built for
# this machine, not for Lambda. To ship the compiled core, build the layer on the Lambda
# platform itself (e.g. in the SAM build image, with gcc) without DATAGUARD_PURE_PYTHON.
DATAGUARD_PURE_PYTHON=1 python3 -m pip install --quiet --target "$OUT/layer/python" --no-deps "$ROOT"

# phonenumbers' geocoder/carrier/timezone data (~43 MB) is never read: dataguard only parses
# and validates numbers.
rm -rf "$OUT/layer/python/phonenumbers/geodata" "$OUT/layer/python/phonenumbers/carrierdata" \
  "$OUT/layer/python/phonenumbers/tzdata" "$OUT/layer/python/bin"

du -sh "$OUT/layer" | awk '{print "layer size (unzipped): " $1}'
