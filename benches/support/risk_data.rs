//! Shared inputs of the risk-surface and gaps benchmarks: the demo's mines, hotspots,
//! services and municipalities projected once, and uniformly spread synthetic cases.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::risk::RiskInputs;
use riskatlas::model::{Hotspot, LayerKind, MinePerimeter, Municipality, Record, Service};

/// The demo project's risk inputs without cases.
pub fn demo_inputs() -> RiskInputs {
    let layers = riskatlas::demo::build_layers().expect("demo layers");
    let of = |k: LayerKind| layers.iter().find(|l| l.kind == k).expect("layer");
    RiskInputs::from_records(
        &[],
        &MinePerimeter::read_layer(of(LayerKind::Mines)).unwrap(),
        &Hotspot::read_layer(of(LayerKind::Hotspots)).unwrap(),
        &Service::read_layer(of(LayerKind::Services)).unwrap(),
        &Municipality::read_layer(of(LayerKind::Municipalities)).unwrap(),
    )
    .expect("projected")
}

/// `n` points spread uniformly over `extent` (metres), fixed seed.
pub fn uniform(n: usize, extent: [f64; 4]) -> Vec<[f64; 2]> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..n)
        .map(|_| {
            [
                rng.random_range(extent[0]..extent[2]),
                rng.random_range(extent[1]..extent[3]),
            ]
        })
        .collect()
}
