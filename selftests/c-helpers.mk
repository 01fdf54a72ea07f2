# The C helpers of our tests and benchmarks, shared by the Makefiles of
# selftests/*/: each sets PROGS and includes this.  They run in the guest,
# which sees the host's root: built here, on the host, by scripts/vm.sh
# before a boot.
CFLAGS ?= -O2 -Wall -Wextra -Werror

all: $(PROGS)

%: %.c
	$(CC) $(CFLAGS) -o $@ $<

clean:
	rm -f $(PROGS)

.PHONY: all clean
