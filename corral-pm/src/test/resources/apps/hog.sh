#!/usr/bin/env bash
# Grows its memory by about 1 MB every 20 ms until killed.
echo "hog started"
s=""
chunk=$(head -c 1048576 /dev/zero | tr '\0' 'x')
while true; do s="$s$chunk"; sleep 0.02; done
