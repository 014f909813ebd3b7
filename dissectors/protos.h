/*
 * protos.h - every dissector and field table, for the registry (registry.c)
 * and the field index (fields.c).  Adding a protocol: write its file,
 * declare its Dissector(s) and FieldTable here, bind it in registry.c and
 * list its table in fields.c.
 */
#ifndef IKS_PROTOS_H
#define IKS_PROTOS_H

#include "dissect.h"

/* link.c */
extern const Dissector eth_dissector, vlan_dissector, ieee8021ad_dissector, sll_dissector, sll2_dissector, raw_dissector,
	null_dissector, loop_dissector, ppp_dissector, ppp_dir_dissector, pppoed_dissector, pppoes_dissector,
	ppp_ether_dissector, chdlc_dissector, cmd_dissector;
extern const FieldTable link_field_table;
extern const ValueString ppp_protocol_vals[];
void ppp_dissect_payload(Packet *pkt, Cursor *c, TreeNode *root);

/* frame.c */
extern const FieldTable frame_field_table;

/* ip.c */
extern const Dissector ipv4_dissector, ipv6_dissector;
extern const FieldTable ip_field_table, ipv6_field_table;
extern const ValueString ip_proto_vals[];

/* udp.c, tcp.c */
extern const Dissector udp_dissector, tcp_dissector;
extern const FieldTable udp_field_table, tcp_field_table;

/* icmp.c */
extern const Dissector icmp_dissector, icmpv6_dissector;
extern const FieldTable icmp_field_table, icmpv6_field_table;

/* dns.c */
extern const Dissector dns_dissector, dns_tcp_dissector;
extern const FieldTable dns_field_table;

/* tunnel.c: GRE, ESP/AH/IPComp headers, NAT-T demux */
extern const Dissector gre_dissector, esp_dissector, ah_dissector, ipcomp_dissector;
extern const FieldTable gre_field_table, esp_field_table, ah_field_table, ipcomp_field_table;

/* natt.c: UDP 4500 demultiplexing (RFC 3948) */
extern const Dissector natt_dissector;
extern const FieldTable udpencap_field_table;

/* ike.c: IKEv1/IKEv2 (ISAKMP), UDP 500 and after the non-ESP marker */
extern const Dissector isakmp_dissector;
extern const FieldTable isakmp_field_table;

#endif
