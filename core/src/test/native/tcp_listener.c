/*
 * tcp_listener: the peer of iphlpapi_dumper's two TCP connections, run by the Wine test inside its namespace.
 * Listens on 0.0.0.0 and [::] (IPv6 only) on ports the kernel picks, prints "LISTENING PORT4 PORT6", accepts
 * one connection on each, prints "ACCEPTED", then holds them until its stdin reaches EOF (the test has read the
 * tables and `ss` by then) and closes everything. Every wait has a deadline (60 s). Test sources only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEADLINE_MS 60000

static void die(const char *what) {
    perror(what);
    exit(2);
}

static int listen_on(int family, int *port) {
    int s = socket(family, SOCK_STREAM, 0), one = 1;
    if (s < 0) {
        die("socket");
    }
    struct sockaddr_storage ss = {0};
    socklen_t len;
    if (family == AF_INET6) {
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        ((struct sockaddr_in6 *) &ss)->sin6_family = AF_INET6;
        len = sizeof(struct sockaddr_in6);
    } else {
        ((struct sockaddr_in *) &ss)->sin_family = AF_INET;
        len = sizeof(struct sockaddr_in);
    }
    if (bind(s, (struct sockaddr *) &ss, len) != 0 || listen(s, 4) != 0
        || getsockname(s, (struct sockaddr *) &ss, &len) != 0) {
        die("bind/listen");
    }
    *port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *) &ss)->sin6_port : ((struct sockaddr_in *) &ss)->sin_port);
    return s;
}

static int accept_within(int s) {
    struct pollfd p = {s, POLLIN, 0};
    if (poll(&p, 1, DEADLINE_MS) != 1) {
        fprintf(stderr, "tcp_listener: no connection within %d ms\n", DEADLINE_MS);
        exit(3);
    }
    int c = accept(s, NULL, NULL);
    if (c < 0) {
        die("accept");
    }
    return c;
}

int main(void) {
    int p4, p6;
    int l4 = listen_on(AF_INET, &p4), l6 = listen_on(AF_INET6, &p6);
    printf("LISTENING %d %d\n", p4, p6);
    fflush(stdout);
    int c4 = accept_within(l4), c6 = accept_within(l6);
    printf("ACCEPTED\n");
    fflush(stdout);
    struct pollfd in = {0, POLLIN, 0};
    char buf[64];
    while (poll(&in, 1, DEADLINE_MS) == 1 && read(0, buf, sizeof buf) > 0) {
    }
    close(c4), close(c6), close(l4), close(l6);
    return 0;
}
