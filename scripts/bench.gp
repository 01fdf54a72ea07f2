# bench.gp - the chart of 'make bench' (scripts/bench.sh): gnuplot -e
# "prefix='out/bench/bench'" bench.gp writes prefix.png from prefix-mem.dat
# and prefix-speed.dat (scripts/bench_report.py).  Left: slab memory one
# instance costs; right: speed, normalized to the base median.  Bars are
# medians, whiskers the minimum and maximum of the runs.
set terminal pngcairo noenhanced size 1200,500 font ",10"
set output prefix.'.png'
set multiplot layout 1,2 title "eventfs: base vs series (QEMU TCG: noisy, compare within one run)"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.6 border -1
set key top left
set grid ytics
set yrange [0:*]
set title "slab memory per instance"
set ylabel "KiB"
plot prefix.'-mem.dat' using 2:3:4:xtic(1) title "base", \
	'' using 5:6:7 title "series"
set title "speed, relative to the base median"
set ylabel "time (ms) or rate (/s) / base median"
set xtics rotate by -30
plot prefix.'-speed.dat' using 2:3:4:xtic(1) title "base", \
	'' using 5:6:7 title "series"
unset multiplot
