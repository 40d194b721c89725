#!/bin/sh
# Instructions per packet of each bench-core case, by callgrind.
# Usage: icount.sh [DRIVER [EAMT_SIZE]]  (default build/bench-core-icount, 1000)
set -eu
drv=${1:-build/bench-core-icount}
size=${2:-1000}
n=4096
ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$drv" "$1" "$size" "$n" "$2" 2>&1 |
		sed -n 's/.*Collected : *//p'
}
printf '%-5s %s\n' case "instructions/packet (EAMT $size entries)"
c=0
while :; do
	"$drv" "$c" 1 0 1 >/dev/null 2>&1 || { [ $? -eq 2 ] && break; }
	a=$(ir "$c" 0)
	b=$(ir "$c" 1)
	printf '%-5s %s\n' "$c" $(( (a - b) / n ))
	c=$((c + 1))
done
