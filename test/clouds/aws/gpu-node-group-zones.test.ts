import { planGpuNodeGroup } from "../../../lib/clouds/aws/plan-aws-gpu-nodes";
import { planDeployment } from "../../../lib/plan/index";
import type { DeploymentInput } from "../../../lib/plan/index";
import { gpuNg, offerings, synthInfra, type Synth } from "./eks-synth";

describe("GPU zones the catalog does not list (guessed <region>a/b/c)", () => {
  let s: Synth;
  beforeAll(() => ({ parsed: s } = synthInfra({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100" })));

  it("keeps only the subnets whose zone offers the instance type", () => {
    expect(gpuNg(s).subnet_ids).toMatch(
      /^\$\{matchkeys\(\[aws_subnet\.[^,]*us-east-1a[^,]*\.id, aws_subnet\.[^,]*us-east-1b[^,]*\.id, aws_subnet\.[^\]]*us-east-1c[^\]]*\.id\], \["us-east-1a", "us-east-1b", "us-east-1c"\], data\.aws_ec2_instance_type_offerings\.[^.]+\.locations\)\}$/,
    );
  });

  it("fails plan only when no zone offers it, naming the instance type and region", () => {
    const d = offerings(s);
    expect(d.filter[1]).toEqual({ name: "location", values: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    expect(d.lifecycle.postcondition).toEqual([{
      condition: "${length(self.locations) > 0}",
      error_message: "p5.48xlarge is offered in none of the GPU zones of us-east-1 (us-east-1a, us-east-1b, us-east-1c); plan the placement with zones that offer it, or another region.",
    }]);
  });

  it("the planner marks the zones for filtering, but not a pinned or a single zone", () => {
    const plan = (input: Partial<DeploymentInput>) => planDeployment({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100", cloud: "aws", region: "us-east-1", ...input });
    const subnets = ["a", "b", "c", "d"].map((z) => ({ subnetId: `subnet-${z}`, zone: `us-east-1${z}` }));
    expect(planGpuNodeGroup(plan({}), { clusterName: "c", subnets })).toMatchObject({ offeringCheck: "filter", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], subnetZones: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    expect(planGpuNodeGroup(plan({ zones: ["us-east-1b"] }), { clusterName: "c", subnets }).offeringCheck).toBe("require");
    expect(planGpuNodeGroup(plan({ capacity: { kind: "reservation", id: "cr-0abc1234", zone: "us-east-1d", nodes: 1 } }), { clusterName: "c", subnets }).offeringCheck).toBe("require");
    expect(planGpuNodeGroup(plan({}), { clusterName: "c", subnetIdsWithoutZones: ["subnet-a"] }).offeringCheck).toBe("require");
  });
});

describe("Capacity Block node group", () => {
  it("keeps its one explicit zone and may scale to 0 (replicas.min 0) for updates", () => {
    const { parsed } = synthInfra({ capacity: { kind: "capacity-block", id: "cr-0abc1234", zone: "us-east-1d", nodes: 2 }, replicas: { min: 0, max: 1 } });
    const ng = gpuNg(parsed);
    expect(ng.subnet_ids).toEqual([expect.stringMatching(/^\$\{aws_subnet\..*us-east-1d.*\.id\}$/)]);
    expect(ng.scaling_config).toEqual({ min_size: 0, max_size: 2, desired_size: 0 });
    expect(ng.update_config).toEqual({ max_unavailable: 2 });
    expect(ng.lifecycle).toMatchObject({ create_before_destroy: false });
    expect(offerings(parsed).lifecycle.postcondition[0].condition).toBe('${alltrue([for z in ["us-east-1d"] : contains(self.locations, z)])}');
  });
});
