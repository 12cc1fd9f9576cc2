#!/bin/sh
# Fit y = a·exp(−b·t) + c to decay.csv by Levenberg–Marquardt, with standard errors, then by adam for comparison.
set -e
npx --no-install downhill fit decay.csv --target y --formula "a*exp(-b*t) + c" --params a=2,b=0.5 --optimizer lm --json
npx --no-install downhill fit decay.csv --target y --formula "a*exp(-b*t) + c" --params a=2,b=0.5 --optimizer adam --lr 0.05 --epochs 3000 --json
