/*
 * no-uring: runs a command in a process where the kernel refuses io_uring the way container runtimes do
 * (Docker's and Podman's default seccomp profiles, gVisor): io_uring_setup, io_uring_enter and
 * io_uring_register fail with EPERM (or the errno given with --errno=ENOSYS). Everything else is allowed.
 *
 * A plain seccomp filter (prctl(2) PR_SET_NO_NEW_PRIVS, then PR_SET_SECCOMP with SECCOMP_MODE_FILTER; see
 * seccomp(2)), no libseccomp. The filter survives execve(2) and is inherited by every child, so
 * `no-uring mvn test` puts each forked test JVM under it too. Unprivileged: NO_NEW_PRIVS makes that allowed.
 *
 * Usage: no-uring [--errno=EPERM|ENOSYS] command [args...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NO_URING_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NO_URING_ARCH AUDIT_ARCH_AARCH64
#else
#error "no-uring: add the AUDIT_ARCH_* value of this architecture"
#endif

/* The same numbers on every architecture (added to the generic syscall table in Linux 5.1). */
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif

static int install(unsigned int err) {
    struct sock_filter filter[] = {
        /* a process of another ABI (e.g. x32, or 32-bit on arm64) is let through: the JVM never is one */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NO_URING_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_register, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
    };
    struct sock_fprog prog = {
        .len = (unsigned short) (sizeof(filter) / sizeof(filter[0])),
        .filter = filter,
    };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("no-uring: prctl(PR_SET_NO_NEW_PRIVS)");
        return -1;
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("no-uring: prctl(PR_SET_SECCOMP)");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    unsigned int err = EPERM;
    int first = 1;
    if (argc > 1 && strncmp(argv[1], "--errno=", 8) == 0) {
        const char *name = argv[1] + 8;
        if (strcmp(name, "EPERM") == 0) {
            err = EPERM;
        } else if (strcmp(name, "ENOSYS") == 0) {
            err = ENOSYS;
        } else {
            fprintf(stderr, "no-uring: --errno must be EPERM or ENOSYS, not %s\n", name);
            return 2;
        }
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: no-uring [--errno=EPERM|ENOSYS] command [args...]\n");
        return 2;
    }
    if (install(err) != 0) {
        return 1;
    }
    execvp(argv[first], argv + first);
    fprintf(stderr, "no-uring: cannot run %s: %s\n", argv[first], strerror(errno));
    return 127;
}
