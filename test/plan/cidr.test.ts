import { IPV4_CIDR, isIpCidr, isIpv6Cidr, isPrivateIpv4Cidr } from "../../lib/plan/cidr";
import { planDeployment } from "../../lib/plan/index";
import { planEksInfra } from "../../lib/clouds/aws/plan-aws-infra";
import { planTraffic } from "../../lib/traffic/plan-traffic";

describe("CIDR syntax", () => {
  test("IPv4: octets 0-255, prefix 0-32", () => {
    for (const ok of ["10.64.0.0/16", "0.0.0.0/0", "203.0.113.7/32", "255.255.255.255/32"]) expect(IPV4_CIDR.test(ok)).toBe(true);
    for (const bad of ["256.1.2.0/24", "203.0.113.0/33", "10.64.0.0", "10.64.0/16", "01.2.3.4/8x", "1.2.3.4/"]) expect(IPV4_CIDR.test(bad)).toBe(false);
  });

  test("IPv6: hex groups, at most one ::, prefix 0-128", () => {
    for (const ok of ["::/0", "2001:db8::/32", "2001:db8:0:0:0:0:0:1/128", "fe80::1/64"]) expect(isIpv6Cidr(ok)).toBe(true);
    for (const bad of ["2001:db8::/129", "2001::db8::/32", "12345::/16", "2001:db8:0:0:0:0:0/64", ":::/0"]) expect(isIpv6Cidr(bad)).toBe(false);
    expect(isIpCidr("10.0.0.0/8")).toBe(true);
  });

  test("private ranges: RFC 1918 and RFC 6598, wholly inside", () => {
    for (const ok of ["10.64.0.0/16", "172.31.0.0/16", "192.168.0.0/16", "100.64.0.0/16"]) expect(isPrivateIpv4Cidr(ok)).toBe(true);
    for (const bad of ["8.8.0.0/16", "0.0.0.0/16", "172.32.0.0/16", "10.0.0.0/7", "192.169.0.0/16"]) expect(isPrivateIpv4Cidr(bad)).toBe(false);
  });
});

describe("where CIDRs are taken", () => {
  const aws = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });

  test("an EKS VPC must use a private /16 (fuzz: 8.8.0.0/16 and 0.0.0.0/16 were accepted)", () => {
    expect(() => planEksInfra(aws, { vpcCidr: "8.8.0.0/16" })).toThrow('vpcCidr: is not a private range: addresses in it that also exist on the internet become unreachable from the VPC (got "8.8.0.0/16"); use a /16 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, such as 10.64.0.0/16');
    expect(() => planEksInfra(aws, { vpcCidr: "0.0.0.0/16" })).toThrow(/^vpcCidr: is not a private range/);
    expect(planEksInfra(aws, { vpcCidr: "172.20.0.0/16" }).network).toMatchObject({ kind: "new" });
  });

  test("gateway source ranges: valid syntax, and never every address (fuzz: 256.1.2.0/24, /33, 0.0.0.0/0, ::/0 were accepted)", () => {
    const traffic = (cidr: string) => () => planTraffic(aws, { hostname: "api.example.com", allowedSourceCidrs: [cidr] });
    expect(traffic("256.1.2.0/24")).toThrow('traffic.allowedSourceCidrs.0: is not an IPv4 or IPv6 CIDR (got "256.1.2.0/24"); use a range such as 203.0.113.0/24');
    expect(traffic("203.0.113.0/33")).toThrow(/^traffic\.allowedSourceCidrs\.0: is not an IPv4 or IPv6 CIDR/);
    expect(traffic("0.0.0.0/0")).toThrow('traffic.allowedSourceCidrs.0: admits every address (got "0.0.0.0/0"); leave allowedSourceCidrs unset with public: true for an internet-facing gateway, or list your networks');
    expect(traffic("::/0")).toThrow(/^traffic\.allowedSourceCidrs\.0: admits every address/);
    expect(traffic("2001:db8::/32")().allowedSourceCidrs).toEqual(["2001:db8::/32"]);
  });
});
