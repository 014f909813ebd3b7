/*
 * registry.c - the dissector tables: which dissector takes which link type,
 * Ethernet type, IP protocol, port or PPP protocol.  One explicit, ordered
 * list (no constructors, no generated registration code).
 */
#include "config.h"

#include "protos.h"

static const Binding bindings[] = {
	/* link types (libpcap DLT_ values as pcap_datalink() returns them) */
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
	/* Ethernet types */
	{ TABLE_ETHERTYPE, 0x0800, &ipv4_dissector },
	{ TABLE_ETHERTYPE, 0x8100, &vlan_dissector },
	{ TABLE_ETHERTYPE, 0x86dd, &ipv6_dissector },
	{ TABLE_ETHERTYPE, 0x8863, &pppoed_dissector },
	{ TABLE_ETHERTYPE, 0x8864, &pppoes_dissector },
	{ TABLE_ETHERTYPE, 0x8909, &cmd_dissector },
	{ TABLE_ETHERTYPE, 0x88a8, &ieee8021ad_dissector },
	{ TABLE_ETHERTYPE, 0x9100, &vlan_dissector },
	/* IP protocols */
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
	/* UDP ports */
	{ TABLE_UDP_PORT, 53, &dns_dissector },
	{ TABLE_UDP_PORT, 4500, &natt_dissector },
	/* TCP ports */
	{ TABLE_TCP_PORT, 53, &dns_tcp_dissector },
	/* PPP protocols */
	{ TABLE_PPP_PROTO, 0x0021, &ipv4_dissector },
	{ TABLE_PPP_PROTO, 0x0057, &ipv6_dissector },
};

const Dissector *registry_find(TableId t, uint32_t key)
{
	for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++)
		if (bindings[i].table == t && bindings[i].key == key)
			return bindings[i].d;
	return NULL;
}

bool dissect_next(TableId t, uint32_t key, Packet *pkt, Cursor *c, TreeNode *parent)
{
	const Dissector *d = registry_find(t, key);
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
