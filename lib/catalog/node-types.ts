import { GpuName } from "./gpus";

export type Cloud = "aws" | "gcp";
export const CLOUDS: readonly Cloud[] = ["aws", "gcp"];

/** The GPU-to-GPU fabric between nodes of one multi-node replica. */
export type FabricKind = "efa" | "gpudirect-rdma" | "gpudirect-tcpxo" | "gpudirect-tcpx";

export interface NodeTypeSpec {
  readonly name: string;
  readonly cloud: Cloud;
  readonly gpu: GpuName;
  readonly gpusPerNode: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Node-local NVMe / Local SSD used as the model cache, in GB. */
  readonly localNvmeGB: number;
  readonly fabric: FabricKind;
  /** Nominal inter-node GPU bandwidth, Gbit/s. */
  readonly fabricGbps: number;
  /** AWS: network cards = EFA interfaces the launch template must carry. */
  readonly efaInterfaces?: number;
  /** GCP: extra NICs beyond the primary gVNIC (GPU NICs or RDMA NICs + 2nd gVNIC). */
  readonly additionalNics?: { readonly gvnic: number; readonly gpuNics: number };
  /** GCP accelerator type string for guest_accelerator. */
  readonly acceleratorType?: string;
  /**
   * Regions known to offer this type, with zones where known. A STARTING list, not a promise:
   * offerings change often (AWS: EC2 UG "Capacity Blocks for ML"; GCP: "GPU regions and zones" page). Extend it with `additionalRegions`/`zones`
   * in the planner input; AWS also re-checks at plan time with aws_ec2_instance_type_offerings.
   */
  readonly regions: Readonly<Record<string, readonly string[]>>;
  readonly source: string;
}

const AWS_SPEC_SOURCE = "aws.amazon.com/ec2/instance-types/p5 and /p6 (third-party transcription); network cards: EC2 User Guide 'Network cards' table";

export const NODE_TYPES: Readonly<Record<string, NodeTypeSpec>> = {
  "p5.48xlarge": {
    name: "p5.48xlarge", cloud: "aws", gpu: "H100", gpusPerNode: 8, vcpus: 192, memoryGiB: 2048, localNvmeGB: 8 * 3840,
    fabric: "efa", fabricGbps: 3200, efaInterfaces: 32,
    // Capacity Blocks regions (EC2 UG capacity-blocks-using, dated versions) plus launch announcements; UNCONFIRMED list.
    regions: { "us-east-1": [], "us-east-2": [], "us-west-2": [], "ap-northeast-1": [], "eu-north-1": [] },
    source: AWS_SPEC_SOURCE,
  },
  "p5e.48xlarge": {
    name: "p5e.48xlarge", cloud: "aws", gpu: "H200", gpusPerNode: 8, vcpus: 192, memoryGiB: 2048, localNvmeGB: 8 * 3840,
    fabric: "efa", fabricGbps: 3200, efaInterfaces: 32,
    regions: { "us-east-2": [] }, // EC2 UG "Capacity Blocks for ML" lists us-east-2
    source: AWS_SPEC_SOURCE,
  },
  "p5en.48xlarge": {
    name: "p5en.48xlarge", cloud: "aws", gpu: "H200", gpusPerNode: 8, vcpus: 192, memoryGiB: 2048, localNvmeGB: 8 * 3840,
    fabric: "efa", fabricGbps: 3200, efaInterfaces: 16,
    // us-*: third-party spot-placement-score dump (secondary); eu-north-1: UNCONFIRMED starting entry.
    regions: { "us-east-1": [], "us-east-2": [], "us-west-1": [], "us-west-2": [], "eu-north-1": [] },
    source: AWS_SPEC_SOURCE,
  },
  "p6-b200.48xlarge": {
    name: "p6-b200.48xlarge", cloud: "aws", gpu: "B200", gpusPerNode: 8, vcpus: 192, memoryGiB: 2048, localNvmeGB: 8 * 3840,
    fabric: "efa", fabricGbps: 3200, efaInterfaces: 8,
    // seen in us-east-1d, us-east-2a/b/c, us-west-2a/b/d (third-party spot-placement-score dump, secondary)
    regions: { "us-east-1": ["us-east-1d"], "us-east-2": ["us-east-2a", "us-east-2b", "us-east-2c"], "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2d"] },
    source: AWS_SPEC_SOURCE,
  },
  "p6-b300.48xlarge": {
    // 8 × B300 (2,144 GB HBM3e), 192 vCPU, 4,096 GiB, 8 × 3.84 TB NVMe, 6.4 Tbps EFA over 17 network cards
    // (EC2 UG "Network cards" table); every card carries one EFA interface, card 0 the primary (efa).
    name: "p6-b300.48xlarge", cloud: "aws", gpu: "B300", gpusPerNode: 8, vcpus: 192, memoryGiB: 4096, localNvmeGB: 8 * 3840,
    fabric: "efa", fabricGbps: 6400, efaInterfaces: 17,
    // Seen in us-west-2b (spot placement scores, secondary); Capacity Blocks regions for P6-B300 UNCONFIRMED.
    regions: { "us-west-2": ["us-west-2b"] },
    source: AWS_SPEC_SOURCE,
  },
  "a3-highgpu-8g": {
    name: "a3-highgpu-8g", cloud: "gcp", gpu: "H100", gpusPerNode: 8, vcpus: 208, memoryGiB: 1872, localNvmeGB: 16 * 375,
    fabric: "gpudirect-tcpx", fabricGbps: 1000, additionalNics: { gvnic: 0, gpuNics: 4 }, acceleratorType: "nvidia-h100-80gb",
    // Zones: GCP docs 'GPU regions and zones availability' not checked; starting list.
    regions: { "us-central1": ["us-central1-a", "us-central1-c"], "us-east4": ["us-east4-a"], "europe-west4": ["europe-west4-b", "europe-west4-c"], "europe-west1": ["europe-west1-b"] },
    source: "cluster-toolkit pkg/config/machine_mappings.json; GCP 'Networking and GPU machines'",
  },
  "a3-megagpu-8g": {
    name: "a3-megagpu-8g", cloud: "gcp", gpu: "H100", gpusPerNode: 8, vcpus: 208, memoryGiB: 1872, localNvmeGB: 16 * 375,
    fabric: "gpudirect-tcpxo", fabricGbps: 1800, additionalNics: { gvnic: 0, gpuNics: 8 }, acceleratorType: "nvidia-h100-mega-80gb",
    regions: { "us-central1": ["us-central1-a", "us-central1-c"], "us-east4": ["us-east4-a", "us-east4-b"], "europe-west4": ["europe-west4-b", "europe-west4-c"], "europe-west1": ["europe-west1-b", "europe-west1-c"] },
    source: "cluster-toolkit machine_mappings.json; examples/gke-a3-megagpu/gke-a3-megagpu.yaml",
  },
  "a3-ultragpu-8g": {
    name: "a3-ultragpu-8g", cloud: "gcp", gpu: "H200", gpusPerNode: 8, vcpus: 224, memoryGiB: 2952, localNvmeGB: 32 * 375,
    fabric: "gpudirect-rdma", fabricGbps: 3200, additionalNics: { gvnic: 1, gpuNics: 8 }, acceleratorType: "nvidia-h200-141gb",
    regions: { "us-central1": ["us-central1-b"], "us-east4": ["us-east4-b"], "us-south1": ["us-south1-b"], "europe-west1": ["europe-west1-b"], "europe-west4": ["europe-west4-b"] },
    source: "GCP 'Networking and GPU machines'; cluster-toolkit examples/gke-a3-ultragpu/gke-a3-ultragpu.yaml",
  },
  "a4-highgpu-8g": {
    name: "a4-highgpu-8g", cloud: "gcp", gpu: "B200", gpusPerNode: 8, vcpus: 224, memoryGiB: 3968, localNvmeGB: 32 * 375,
    fabric: "gpudirect-rdma", fabricGbps: 3200, additionalNics: { gvnic: 1, gpuNics: 8 }, acceleratorType: "nvidia-b200",
    // us-central1-b and asia-southeast1-b: DWS-recommended A4 zones (Batch locations page); rest UNCONFIRMED.
    regions: { "us-central1": ["us-central1-b"], "us-east1": ["us-east1-b"], "europe-west4": ["europe-west4-b"], "asia-southeast1": ["asia-southeast1-b"] },
    source: "GCP 'Networking and GPU machines'; cluster-toolkit examples/gke-a4/gke-a4.yaml",
  },
};

export const NODE_TYPE_NAMES = Object.keys(NODE_TYPES);

/** The node type chosen for a GPU on a cloud when the user names none. */
export const DEFAULT_NODE_TYPE: Readonly<Record<Cloud, Readonly<Partial<Record<GpuName, string>>>>> = {
  // p5en over p5e: EFAv3 and 16 network cards (EC2 UG "Network cards" table). a3-mega over a3-high: TCPXO at 1,800 Gbps.
  aws: { H100: "p5.48xlarge", H200: "p5en.48xlarge", B200: "p6-b200.48xlarge", B300: "p6-b300.48xlarge" },
  // GCP: no 8-GPU B300 machine type in the catalog (A4X Max is GB300 NVL72, 4 GPUs per VM).
  gcp: { H100: "a3-megagpu-8g", H200: "a3-ultragpu-8g", B200: "a4-highgpu-8g" },
};
