#!/usr/bin/env bash
# Prints lines 1..$1 as fast as it can ("line N" padded so lines are long enough to rotate often), then idles.
i=1
n=${1:-1000}
while [ "$i" -le "$n" ]; do
  printf 'line %08d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' "$i"
  i=$((i + 1))
done
echo done >&2
while true; do sleep 1; done
