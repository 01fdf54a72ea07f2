/*
 * The kernel types of the vfs events' fields, for bpftrace on a kernel
 * without BTF (the test VM's): bpftrace builds each tracepoint's args
 * struct from its format file, in C, and needs these names defined.
 */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned int dev_t;
typedef long long loff_t;
