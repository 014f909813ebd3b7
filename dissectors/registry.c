/*
 * registry.c - the dissector tables: which dissector takes which link type,
 * Ethernet type, IP protocol, port or PPP protocol.  One explicit, ordered
 * list (no constructors, no generated registration code).
 */
#include "config.h"

#include "protos.h"

/* One array per table, each sorted by key (a unit test checks it):
 * registry_find() searches only the table asked for, by halves. */

/* link types (libpcap DLT_ values as pcap_datalink() returns them) */
static const Binding linktype_bindings[] = {
	{ TABLE_LINKTYPE, 0, &null_dissector },
	{ TABLE_LINKTYPE, 1, &eth_dissector },
	{ TABLE_LINKTYPE, 9, &ppp_dissector },
	{ TABLE_LINKTYPE, 12, &raw_dissector },
	{ TABLE_LINKTYPE, 14, &raw_dissector },
	{ TABLE_LINKTYPE, 50, &ppp_dissector },
	{ TABLE_LINKTYPE, 51, &ppp_ether_dissector },
	{ TABLE_LINKTYPE, 101, &raw_dissector },
	{ TABLE_LINKTYPE, 104, &chdlc_dissector },
	{ TABLE_LINKTYPE, 108, &loop_dissector },
	{ TABLE_LINKTYPE, 113, &sll_dissector },
	{ TABLE_LINKTYPE, 166, &ppp_dissector },
	{ TABLE_LINKTYPE, 204, &ppp_dir_dissector },
	{ TABLE_LINKTYPE, 228, &ipv4_dissector },
	{ TABLE_LINKTYPE, 229, &ipv6_dissector },
	{ TABLE_LINKTYPE, 276, &sll2_dissector },
};

/* Ethernet types */
static const Binding ethertype_bindings[] = {
	{ TABLE_ETHERTYPE, 0x0800, &ipv4_dissector },
	{ TABLE_ETHERTYPE, 0x8100, &vlan_dissector },
	{ TABLE_ETHERTYPE, 0x86dd, &ipv6_dissector },
	{ TABLE_ETHERTYPE, 0x8863, &pppoed_dissector },
	{ TABLE_ETHERTYPE, 0x8864, &pppoes_dissector },
	{ TABLE_ETHERTYPE, 0x88a8, &ieee8021ad_dissector },
	{ TABLE_ETHERTYPE, 0x8909, &cmd_dissector },
	{ TABLE_ETHERTYPE, 0x9100, &vlan_dissector },
};

/* IP protocols */
static const Binding ip_proto_bindings[] = {
	{ TABLE_IP_PROTO, 1, &icmp_dissector },
	{ TABLE_IP_PROTO, 4, &ipv4_dissector },
	{ TABLE_IP_PROTO, 6, &tcp_dissector },
	{ TABLE_IP_PROTO, 17, &udp_dissector },
	{ TABLE_IP_PROTO, 41, &ipv6_dissector },
	{ TABLE_IP_PROTO, 47, &gre_dissector },
	{ TABLE_IP_PROTO, 50, &esp_dissector },
	{ TABLE_IP_PROTO, 51, &ah_dissector },
	{ TABLE_IP_PROTO, 58, &icmpv6_dissector },
	{ TABLE_IP_PROTO, 108, &ipcomp_dissector },
	{ TABLE_IP_PROTO, 115, &l2tpv3_ip_dissector },
};

/* UDP ports */
static const Binding udp_port_bindings[] = {
	{ TABLE_UDP_PORT, 53, &dns_dissector },
	{ TABLE_UDP_PORT, 500, &isakmp_dissector },
	{ TABLE_UDP_PORT, 1701, &l2tp_dissector },
	{ TABLE_UDP_PORT, 4500, &natt_dissector },
};

/* TCP ports */
static const Binding tcp_port_bindings[] = {
	{ TABLE_TCP_PORT, 53, &dns_tcp_dissector },
	{ TABLE_TCP_PORT, 1723, &pptp_dissector },
};

/* PPP protocols */
static const Binding ppp_proto_bindings[] = {
	{ TABLE_PPP_PROTO, 0x0021, &ipv4_dissector },
	{ TABLE_PPP_PROTO, 0x0057, &ipv6_dissector },
	{ TABLE_PPP_PROTO, 0x00fd, &comp_data_dissector },
	{ TABLE_PPP_PROTO, 0x8021, &ipcp_dissector },
	{ TABLE_PPP_PROTO, 0x8057, &ipv6cp_dissector },
	{ TABLE_PPP_PROTO, 0x80fd, &ccp_dissector },
	{ TABLE_PPP_PROTO, 0xc021, &lcp_dissector },
	{ TABLE_PPP_PROTO, 0xc023, &pap_dissector },
	{ TABLE_PPP_PROTO, 0xc223, &chap_dissector },
	{ TABLE_PPP_PROTO, 0xc227, &eap_dissector },
};

#define TABLE(a) { a, sizeof(a) / sizeof((a)[0]) }

static const struct {
	const Binding *b;
	size_t n;
} tables[TABLE__COUNT] = {
	[TABLE_LINKTYPE] = TABLE(linktype_bindings),
	[TABLE_ETHERTYPE] = TABLE(ethertype_bindings),
	[TABLE_IP_PROTO] = TABLE(ip_proto_bindings),
	[TABLE_UDP_PORT] = TABLE(udp_port_bindings),
	[TABLE_TCP_PORT] = TABLE(tcp_port_bindings),
	[TABLE_PPP_PROTO] = TABLE(ppp_proto_bindings),
};

static const struct {
	TableId table;
	bool (*looks_like)(const Cursor *c);
	const Dissector *d;
} heuristics[] = {
	{ TABLE_UDP_PORT, isakmp_heuristic, &isakmp_dissector },
};

const Dissector *registry_heuristic(TableId t, const Cursor *c)
{
	for (size_t i = 0; i < sizeof(heuristics) / sizeof(heuristics[0]); i++)
		if (heuristics[i].table == t && heuristics[i].looks_like(c))
			return heuristics[i].d;
	return NULL;
}

const Binding *registry_binding_at(size_t i)
{
	for (size_t t = 0; t < TABLE__COUNT; t++) {
		if (i < tables[t].n)
			return &tables[t].b[i];
		i -= tables[t].n;
	}
	return NULL;
}

const Dissector *registry_find(TableId t, uint32_t key)
{
	/* the keys nearly every packet asks for are answered without a search
	 * (a unit test compares every key of every table with the lists) */
	switch (t) {
	case TABLE_LINKTYPE:
		if (key == 1)
			return &eth_dissector;
		break;
	case TABLE_ETHERTYPE:
		if (key == 0x0800)
			return &ipv4_dissector;
		break;
	case TABLE_IP_PROTO:
		if (key == 50)
			return &esp_dissector;
		if (key == 17)
			return &udp_dissector;
		if (key == 6)
			return &tcp_dissector;
		break;
	case TABLE_UDP_PORT:
		if (key == 4500)
			return &natt_dissector;
		if (key == 500)
			return &isakmp_dissector;
		break;
	case TABLE_PPP_PROTO:
		if (key == 0x0021)
			return &ipv4_dissector;
		break;
	default:
		if ((unsigned)t >= TABLE__COUNT)
			return NULL;
		break;
	}
	const Binding *b = tables[t].b;
	size_t n = tables[t].n;
	/* most port lookups are for ephemeral ports, above every bound one */
	if (n == 0 || key < b[0].key || key > b[n - 1].key)
		return NULL;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && b[lo].key == key ? b[lo].d : NULL;
}

bool dissect_with(const Dissector *d, Packet *pkt, Cursor *c, TreeNode *parent)
{
	if (!d) {
		dissect_data(pkt, c, parent);
		return false;
	}
	if (!pkt_enter(pkt, c, parent)) {
		dissect_data(pkt, c, parent);
		return true;
	}
	size_t at = c->off;
	bool took = d->dissect(pkt, c, parent);
	pkt_leave(pkt);
	if (!took) {
		c->off = at;
		dissect_data(pkt, c, parent);
	}
	return took;
}

bool dissect_next(TableId t, uint32_t key, Packet *pkt, Cursor *c, TreeNode *parent)
{
	return dissect_with(registry_find(t, key), pkt, c, parent);
}
