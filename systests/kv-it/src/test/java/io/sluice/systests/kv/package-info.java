/** Real etcd clients (etcdctl 3.4, jetcd) against a Sluice node run as a separate process. */
package io.sluice.systests.kv;
