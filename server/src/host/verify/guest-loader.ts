// The guest-side helper (C, compiled -static at build time; tools/oracle uses it too): one system call per scenario action, and the log dump.
export const LOADER_SOURCE = String.raw`
/*
 * oracle-loader: the guest-side helper of the klp-callbacks oracle harness.
 *
 * Each scenario action must reach the kernel exactly once (busybox insmod retries a refused
 * finit_module with init_module, which would run a livepatch's callbacks twice), and its
 * outcome must land in the kernel log in order with the kernel's own lines. So every action
 * goes through one system call here, and a failure is written to /dev/kmsg as
 * "klp_oracle: failed: <action>: errno=<-N>".
 *
 *   oracle-loader insmod LABEL FILE.ko [PARAM=VALUE...]   one finit_module call
 *   oracle-loader rmmod  LABEL MODULE                     one delete_module call
 *   oracle-loader write  LABEL PATH VALUE                 one write(2) to a sysfs file
 *   oracle-loader mark   TEXT                             "klp_oracle: step TEXT" into the log
 *   oracle-loader dump                                    print every /dev/kmsg record
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void log_line(const char *level, const char *fmt, const char *a, const char *b)
{
	char line[1024];
	int fd = open("/dev/kmsg", O_WRONLY);
	int len;

	if (fd < 0)
		return;
	len = snprintf(line, sizeof(line), "%sklp_oracle: ", level);
	len += snprintf(line + len, sizeof(line) - len, fmt, a, b);
	if (write(fd, line, strlen(line)) < 0)
		perror("oracle-loader: /dev/kmsg");
	close(fd);
}

static int report(const char *label, long rc, int err)
{
	char code[32];

	if (rc == 0)
		return 0;
	snprintf(code, sizeof(code), "%d", -err);
	log_line("<3>", "failed: %s: errno=%s\n", label, code);
	fprintf(stderr, "oracle-loader: %s: %s\n", label, strerror(err));
	return 1;
}

static int do_insmod(int argc, char **argv)
{
	char params[4096] = "";
	size_t used = 0;
	long rc;
	int fd, i;

	for (i = 4; i < argc; i++) {
		int n = snprintf(params + used, sizeof(params) - used, "%s%s", used ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(params) - used) {
			fprintf(stderr, "oracle-loader: parameters too long\n");
			return 2;
		}
		used += n;
	}
	fd = open(argv[3], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(argv[2], -1, errno);
	rc = syscall(SYS_finit_module, fd, params, 0);
	i = errno;
	close(fd);
	return report(argv[2], rc, i);
}

static int do_rmmod(char **argv)
{
	long rc = syscall(SYS_delete_module, argv[3], O_NONBLOCK);

	return report(argv[2], rc, errno);
}

static int do_write(char **argv)
{
	int fd = open(argv[3], O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return report(argv[2], -1, errno);
	n = write(fd, argv[4], strlen(argv[4]));
	err = errno;
	close(fd);
	return report(argv[2], n < 0 ? -1 : 0, err);
}

/* Records are "LEVEL,SEQ,USEC,FLAGS;TEXT" with continuation lines after it; print them as is. */
static int do_dump(void)
{
	char record[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		perror("oracle-loader: /dev/kmsg");
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, record, sizeof(record) - 1);

		if (n < 0 && errno == EPIPE)
			continue; /* records were overwritten before we read them; keep going */
		if (n <= 0)
			break;
		record[n] = '\0';
		fputs(record, stdout);
		if (record[n - 1] != '\n')
			putchar('\n');
	}
	fflush(stdout);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "insmod") == 0)
		return do_insmod(argc, argv);
	if (argc == 4 && strcmp(argv[1], "rmmod") == 0)
		return do_rmmod(argv);
	if (argc == 5 && strcmp(argv[1], "write") == 0)
		return do_write(argv);
	if (argc == 3 && strcmp(argv[1], "mark") == 0) {
		log_line("<6>", "step %s%s\n", argv[2], "");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "dump") == 0)
		return do_dump();
	fprintf(stderr, "usage: oracle-loader insmod|rmmod|write|mark|dump ...\n");
	return 2;
}
`;
