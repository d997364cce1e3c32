"""One generated world: households and people with everything the truth files say about them.

``build_world`` runs the model stages in order (population, schooling and work, consumption,
housing, programme selection, names, places of birth, NIK and KK). The population and the
survey sample are two worlds drawn from the same model and the same places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from dtks.domain import codes
from dtks.synth import naming
from dtks.synth.attributes import assign_attributes
from dtks.synth.config import SynthConfig
from dtks.synth.housing import draw_housing
from dtks.synth.identifiers import digits16, make_kks, make_niks
from dtks.synth.places import Address, VillageLayout, birth_places, make_addresses
from dtks.synth.population import YEAR, Population, build_population
from dtks.synth.programs import Selection, participation, select
from dtks.synth.regions import RegionFrame
from dtks.synth.welfare import (
    U_SCALE,
    PlaceEffects,
    assign_villages,
    consumption,
    latent_welfare,
)

STAGES = ("population", "attributes", "welfare", "housing", "programs", "names", "identifiers")


@dataclass
class World:
    frame: RegionFrame
    pop: Population
    village: np.ndarray  # per household
    address: Address  # per household
    log_c: np.ndarray  # per household: true log consumption per capita
    permanent: np.ndarray
    household: dict[str, np.ndarray]  # housing, assets, livestock, programme columns
    selection: Selection
    pre: np.ndarray  # per person: name parts
    core: np.ndarray
    suf: np.ndarray
    show: np.ndarray
    nama: np.ndarray  # the registered full name
    mother: np.ndarray
    birthplace: np.ndarray
    nik: np.ndarray  # 16-digit strings
    no_kk: np.ndarray

    @property
    def village_code(self) -> np.ndarray:
        """Dotted village code per household."""
        return self.frame.village_code[self.village]

    def sex_letter(self) -> np.ndarray:
        letters = np.array(["", codes.LETTER_OF_SEX[codes.MALE], codes.LETTER_OF_SEX[codes.FEMALE]])
        return letters[self.pop.pp["sex"]].astype(object)

    def birth_iso(self) -> np.ndarray:
        return np.datetime_as_string(self.pop.pp["birth"].astype("datetime64[D]")).astype(object)

    def wealth_rank(self) -> np.ndarray:
        order = np.argsort(self.log_c, kind="stable")
        rank = np.empty(len(order))
        rank[order] = (np.arange(len(order)) + 0.5) / max(1, len(order))
        return rank


def build_world(
    rngs: dict[str, np.random.Generator],
    frame: RegionFrame,
    effects: PlaceEffects,
    layout: VillageLayout,
    households: int,
    config: SynthConfig,
    serial_base: int = 0,
) -> World:
    ref_day = (config.reference_date - date(1970, 1, 1)).days
    village = assign_villages(rngs["population"], effects, households)
    u = latent_welfare(rngs["population"], effects, frame, village)
    rural = effects.rural[village]
    pop = build_population(rngs["population"], households, ref_day)
    address = make_addresses(rngs["population"], layout, village)
    assign_attributes(rngs["attributes"], pop, u / U_SCALE, rural)
    log_c, permanent = consumption(rngs["welfare"], pop, u)
    household = draw_housing(rngs["housing"], pop, permanent, rural)
    selection = select(rngs["programs"], pop, log_c, config.coverage)
    household |= participation(rngs["programs"], pop, selection)

    pp = pop.pp
    rng = rngs["names"]
    style = naming.name_style(pp["group"], pop.hh["religion"][pp["hh"]])
    birth_year = 1970 + pp["birth"] / YEAR
    core = naming.make_core_names(rng, style, pp["sex"], birth_year, pp["line"])
    core = naming.distinct_in_households(
        rng, core, pp["hh"], style, pp["sex"], birth_year, pp["line"]
    )
    order = np.argsort(log_c, kind="stable")
    wealth = np.empty(households)
    wealth[order] = (np.arange(households) + 0.5) / max(1, households)
    pre, suf, show = naming.make_titles(rng, pop, style, wealth)
    nama = np.array(
        naming.compose(np.where(show, pre, ""), core, np.where(show, suf, "")), dtype=object
    )
    mother = naming.mother_names(rng, pop, style, core)

    rng = rngs["identifiers"]
    birthplace, kec6 = birth_places(rng, pop, frame, village)
    nik = make_niks(rng, kec6, pp["birth"], pp["sex"], serial_base)
    kec_here = frame.district_kec6[frame.village_district[village[pp["hh"]]]]
    kk = make_kks(rng, pp["kk"], kec_here, pp["birth"], ref_day, serial_base)
    return World(
        frame=frame, pop=pop, village=village, address=address, log_c=log_c,
        permanent=permanent, household=household, selection=selection, pre=pre, core=core,
        suf=suf, show=show, nama=nama, mother=mother, birthplace=birthplace,
        nik=digits16(nik), no_kk=digits16(kk),
    )  # fmt: skip
