#!/usr/bin/env bash
# Prints a line and exits with the code given as $1 (default 1).
echo "crash run pid $$"
exit "${1:-1}"
