"""The texts of `/datos` (data and method), Spanish and English. Not a page module.

Long explanations live here so the page module stays a layout. Placeholders ({base}, {rows} ...)
are filled from the store by the page.
"""
from __future__ import annotations

from dashapp.i18n import register

# the "how to load a real list" table: (key, field in es, field in en, accepted headings as published)
HEADINGS = (
    ("year", "Año", "Year", "EJERCICIO, EJERCICIO FISCAL, AÑO, ANIO"),
    ("state", "Estado", "State", "ENTIDAD, ENTIDAD FEDERATIVA, ESTADO, CVE_ENT, CLAVE ENTIDAD"),
    ("municipality", "Municipio", "Municipality", "MUNICIPIO, CLAVE MUNICIPIO, CVE_MUN, CVEGEO"),
    ("locality", "Localidad", "Locality", "LOCALIDAD, CLAVE LOCALIDAD"),
    ("name", "Proyecto", "Project", "NOMBRE DEL PROYECTO, OBRA, ACCIÓN, DESCRIPCIÓN"),
    ("type", "Tipo", "Type", "TIPO DE PROYECTO, SUBTIPO, RUBRO"),
    ("money", "Aportaciones", "Contributions",
     "APORTACIÓN FEDERAL, APORTACIÓN ESTATAL, APORTACIÓN MUNICIPAL, APORTACIÓN DE LOS MIGRANTES, "
     "INVERSIÓN FEDERAL, MONTO ESTATAL …"),
    ("club", "Club", "Club", "CLUB DE MIGRANTES, ESTADO EUA"),
    ("beneficiaries", "Beneficiarios", "Beneficiaries", "BENEFICIARIOS"),
)

register({
    "datos.title": {"es": "Datos y método", "en": "Data and method"},
    "datos.intro": {"es": "De dónde viene cada capa, qué cubre, qué problemas tiene y cómo se calcula lo que ve en el "
                          "mapa.",
                    "en": "Where each layer comes from, what it covers, its known problems and how the map's figures "
                          "are computed."},
    "datos.toc": {"es": "En esta página", "en": "On this page"},
    "datos.build": {"es": "Esta versión", "en": "This version"},
    "datos.build.built_at": {"es": "Construida el", "en": "Built at"},
    "datos.build.base_year": {"es": "Año base de los pesos constantes", "en": "Base year of constant pesos"},
    "datos.build.deflator": {"es": "Deflactor", "en": "Deflator"},
    "datos.layers": {"es": "Capas e indicadores", "en": "Layers and indicators"},
    "datos.col.indicator": {"es": "Indicador", "en": "Indicator"},
    "datos.col.publisher": {"es": "Publica", "en": "Publisher"},
    "datos.col.unit": {"es": "Unidad", "en": "Unit"},
    "datos.col.direction": {"es": "Dirección", "en": "Direction"},
    "datos.col.coverage": {"es": "Años y cobertura (municipios con dato de {total})",
                           "en": "Years and coverage (municipalities with a value, of {total})"},
    "datos.col.notes": {"es": "Notas y problemas conocidos", "en": "Notes and known problems"},
    "datos.unit.pct": {"es": "%", "en": "%"},
    "datos.unit.persons": {"es": "personas", "en": "persons"},
    "datos.unit.index": {"es": "índice", "en": "index"},
    "datos.unit.grade": {"es": "grado", "en": "grade"},
    "datos.unit.usd": {"es": "dólares", "en": "US dollars"},
    "datos.unit.usd_per_person": {"es": "dólares por habitante", "en": "US dollars per person"},
    "datos.unit.per_100k": {"es": "por 100 mil habitantes", "en": "per 100k people"},
    "datos.unit.count": {"es": "número", "en": "count"},
    "datos.unit.flag": {"es": "sí / no", "en": "yes / no"},
    "datos.worse": {"es": "más alto = peor", "en": "higher = worse"},
    "datos.better": {"es": "más alto = mejor", "en": "higher = better"},
    "datos.neutral": {"es": "sin juicio (describe)", "en": "no judgement (descriptive)"},
    "datos.others": {"es": "Otras capas", "en": "Other layers"},
    "datos.other.declarations": {
        "es": "Declaratorias de desastre y emergencia (DOF / Coordinación Nacional de Protección Civil): {declarations} "
              "declaratorias, {rows} filas municipio-declaratoria, {municipalities} municipios, {years}.",
        "en": "Disaster and emergency declarations (DOF / National Civil Protection Coordination): {declarations} "
              "declarations, {rows} municipality-declaration rows, {municipalities} municipalities, {years}."},
    "datos.other.remittances": {
        "es": "Remesas por municipio (Banco de México, trimestrales): {rows} filas, {municipalities} municipios, {years}.",
        "en": "Remittances by municipality (Banco de México, quarterly): {rows} rows, {municipalities} municipalities, "
              "{years}."},
    "datos.other.projects": {
        "es": "Proyectos 3x1: {rows} filas ({synthetic} sintéticas), {municipalities} municipios, {years}.",
        "en": "3x1 projects: {rows} rows ({synthetic} synthetic), {municipalities} municipalities, {years}."},
    "datos.accounting": {"es": "Contabilidad de archivos", "en": "File accounting"},
    "datos.accounting.intro": {
        "es": "Cada archivo leído: filas leídas, cargadas y rechazadas (los motivos están en el informe de calidad de la "
              "construcción). Leídas = cargadas + rechazadas.",
        "en": "Every file read: rows read, loaded and rejected (the reasons are in the build's quality report). "
              "Read = loaded + rejected."},
    "datos.col.source": {"es": "Fuente", "en": "Source"},
    "datos.col.file": {"es": "Archivo", "en": "File"},
    "datos.col.read": {"es": "Leídas", "en": "Read"},
    "datos.col.loaded": {"es": "Cargadas", "en": "Loaded"},
    "datos.col.rejected": {"es": "Rechazadas", "en": "Rejected"},
    "datos.col.municipalities": {"es": "Municipios", "en": "Municipalities"},
    "datos.demo": {"es": "Datos de demostración", "en": "Demonstration data"},
    "datos.demo.what": {
        "es": "Los {rows} proyectos 3x1 de esta versión son sintéticos. No se pudo obtener una lista pública de proyectos "
              "3x1 a nivel de proyecto (año, municipio, localidad, aportaciones y club) para todo el país, así que la "
              "aplicación genera una lista de demostración para que el mapa, las brechas y las descargas funcionen.",
        "en": "The {rows} 3x1 projects in this version are synthetic. No public project-level 3x1 list (year, "
              "municipality, locality, contributions and club) could be obtained for the whole country, so the app "
              "generates a demonstration list so that the map, the gaps and the downloads work."},
    "datos.demo.how": {
        "es": "Su forma sigue cifras citadas (proyectos y dinero federal por año, la tabla estatal de 2007, las cifras de "
              "Zacatecas) y las capas reales (los municipios se eligen según intensidad migratoria y remesas). Los "
              "nombres de proyecto son genéricos y los clubes son marcadores («Club de demostración 001»). Cada fila "
              "lleva is_synthetic = verdadero y source_file = demo:generated, en la tabla y en cada descarga.",
        "en": "Its shape follows cited figures (projects and federal money per year, the 2007 state table, the "
              "Zacatecas figures) and the real layers (municipalities are chosen by migration intensity and "
              "remittances). Project names are generic and clubs are placeholders (\u201cClub de demostración 001\u201d). "
              "Every row carries is_synthetic = true and source_file = demo:generated, in the table and in every download."},
    "datos.demo.real": {
        "es": "Son datos públicos reales: pobreza y rezago (CONEVAL), marginación e intensidad migratoria (CONAPO), "
              "población y localidades (INEGI), remesas (Banxico), declaratorias (DOF), violencia (INEGI, OCVED) e INPC.",
        "en": "Real public data: poverty and social lag (CONEVAL), marginalization and migration intensity (CONAPO), "
              "population and localities (INEGI), remittances (Banxico), declarations (DOF), violence (INEGI, OCVED) "
              "and the INPC."},
    "datos.demo.none": {"es": "Esta versión no contiene proyectos sintéticos.",
                        "en": "This version holds no synthetic projects."},
    "datos.calibration": {"es": "Calibración: cifras citadas frente a la demostración",
                          "en": "Calibration: cited figures against the demonstration"},
    "datos.calibration.intro": {
        "es": "Cada cifra publicada (notas, informes) junto a la misma cifra calculada en la lista de demostración. La "
              "columna «Cómo se compara» está en inglés, como la escribe la construcción.",
        "en": "Each published figure (news, reports) next to the same figure computed on the demonstration list."},
    "datos.calibration.empty": {"es": "No hay tabla de calibración en esta versión.",
                                "en": "There is no calibration table in this version."},
    "datos.col.period": {"es": "Periodo", "en": "Period"},
    "datos.col.scope": {"es": "Ámbito", "en": "Scope"},
    "datos.col.metric": {"es": "Cifra", "en": "Metric"},
    "datos.col.cited": {"es": "Citada", "en": "Cited"},
    "datos.col.demo": {"es": "Demostración", "en": "Demonstration"},
    "datos.col.ratio": {"es": "Demo / citada", "en": "Demo / cited"},
    "datos.col.comparison": {"es": "Cómo se compara", "en": "How it is compared"},
    "datos.col.link": {"es": "Fuente", "en": "Source"},
    "datos.load": {"es": "Cómo cargar una lista real", "en": "How to load a real list"},
    "datos.load.intro": {
        "es": "Con una lista de proyectos 3x1 publicada por una oficina estatal o federal (CSV o XLSX), construya la base "
              "de nuevo; la lista real reemplaza a la de demostración:",
        "en": "With a 3x1 project list published by a state or federal office (CSV or XLSX), rebuild the store; the "
              "real list replaces the demonstration one:"},
    "datos.load.headings": {
        "es": "Encabezados aceptados (se comparan sin acentos, mayúsculas ni signos; puede haber líneas de título "
              "antes del encabezado). Obligatorios: año, estado o clave, municipio o clave, y al menos una aportación.",
        "en": "Accepted headings (compared without accents, case or punctuation; title lines may come before the "
              "header). Required: year, state or key, municipality or key, and at least one contribution."},
    "datos.col.field": {"es": "Campo", "en": "Field"},
    "datos.col.headings": {"es": "Encabezados", "en": "Headings"},
    "datos.load.encoding": {
        "es": "Codificación: UTF-8 (con o sin BOM) o Windows-1252/latin-1, detectada sola. Montos con separador de "
              "miles («$ 1,234,567.89»); «n.d» o «N/D» es un dato faltante (no cero); «$ -» es cero; un monto "
              "negativo "
              "o ambiguo («250.000») rechaza la fila. Las filas rechazadas y el motivo quedan en quality_report.md.",
        "en": "Encoding: UTF-8 (with or without BOM) or Windows-1252/latin-1, detected automatically. Amounts with "
              "thousands separators (\u201c$ 1,234,567.89\u201d); \u201cn.d\u201d or \u201cN/D\u201d is missing (not "
              "zero); \u201c$ -\u201d is zero; a negative or ambiguous amount (\u201c250.000\u201d) rejects the row. "
              "Rejected rows and their reason are listed in quality_report.md."},
    "datos.method": {"es": "Método", "en": "Method"},
    "datos.method.constant": {
        "es": "Pesos constantes: cada monto se multiplica por el INPC medio de {base} entre el INPC medio de su año "
              "(promedio de los 12 meses; INEGI, base 2.ª quincena de julio 2018 = 100). Así se comparan años "
              "distintos descontando la inflación. La tabla de proyectos muestra pesos corrientes, como se registraron.",
        "en": "Constant pesos: each amount is multiplied by the mean INPC of {base} divided by the mean INPC of its "
              "year (mean of the 12 months; INEGI, base 2nd half of July 2018 = 100), so different years compare "
              "without inflation. The projects table shows current pesos, as recorded."},
    "datos.method.per_person": {
        "es": "Por habitante: remesas (dólares, Banxico, trimestres sumados por año completo) y pesos 3x1 se dividen "
              "entre la población del Censo 2020 para todos los años. Los 6 municipios creados después del censo no "
              "tienen población, así que no tienen cifra por habitante.",
        "en": "Per person: remittances (US dollars, Banxico, quarters summed per complete year) and 3x1 pesos are "
              "divided by the 2020 census population for every year. The 6 municipalities created after the census "
              "have no population, so they have no per-person figure."},
    "datos.method.conapo": {
        "es": "Marginación (CONAPO, método 2020): un índice de marginación MÁS ALTO significa MENOS marginación, y el "
              "valor del índice no es comparable entre años. Compare el grado (muy bajo … muy alto), que sí lo es; las "
              "brechas usan el grado.",
        "en": "Marginalization (CONAPO, 2020 method): a HIGHER marginalization index means LESS marginalization, and "
              "the index value is not comparable across years. Compare the grade (very low … very high), which is; "
              "the gaps use the grade."},
    "datos.method.migration": {
        "es": "Intensidad migratoria (CONAPO): la dirección del índice cambia; en 2010 más alto es más intensidad, en "
              "2020 más bajo es más intensidad. Compare el grado, no el índice.",
        "en": "Migration intensity (CONAPO): the index's direction flips; in 2010 higher means more intensity, in 2020 "
              "lower means more intensity. Compare the grade, not the index."},
    "datos.method.violence": {
        "es": "Violencia: homicidios por municipio de ocurrencia (INEGI) y eventos del crimen organizado 2000–2018 "
              "(OCVED). La ausencia de registros no significa ausencia de violencia.",
        "en": "Violence: homicides by municipality of occurrence (INEGI) and organized-crime events 2000–2018 "
              "(OCVED). Absence of records does not mean absence of violence."},
    "datos.method.declarations": {
        "es": "Declaratorias: cuentan los desastres que llegaron a una declaratoria publicada; que no haya "
              "declaratoria no significa que no hubo daño.",
        "en": "Declarations: they count disasters that reached a published declaration; no declaration does not "
              "mean no damage."},
    "datos.method.gaps": {
        "es": "Brechas: la pobreza y la marginación usan la edición (2010, 2015 o 2020) más cercana a la mitad de los "
              "años elegidos; «sin datos» (no hay cifra de necesidad) es distinto de «sin proyectos» (cero proyectos).",
        "en": "Gaps: poverty and marginalization use the edition (2010, 2015 or 2020) closest to the middle of the "
              "chosen years; \u201cno data\u201d (no need figure) differs from \u201cno projects\u201d (zero projects)."},
})
